//! Screens addressed by the URL hash (`#/section/als-een-gast-valt`). Rendered section HTML
//! links to `#/section/<id>`, so following an internal link is plain navigation and the
//! webview's history handles back and forward.
//!
//! [`Route`] is pure and tested on the host; the functions below it read and move the
//! browser's location.

use kompas_proto::PageRequest;
use leptos::prelude::window;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Handbook,
    Settings,
    Section {
        id: String,
        anchor: Option<String>,
    },
    Search(String),
    Checklists,
    /// A routine checklist.
    Routine(String),
    /// A self-evaluation, at one step: a theme, the summary ([`SUMMARY_STEP`]), or the
    /// first theme when `None`.
    Evaluation {
        uuid: String,
        step: Option<String>,
    },
    /// The coordinator's overview of a year (the newest with a submission when `None`).
    Region(Option<i32>),
    /// One hospice's self-evaluation of a year, for the coordinator.
    RegionHospice {
        organization: String,
        year: i32,
    },
    /// The region per theme over the years.
    RegionTrend,
    /// The manager's "Ons handboek".
    Tailoring,
    /// The manager's editor of one section.
    TailorSection(String),
    /// The history of one section, for its hospice's manager.
    History(String),
    /// The manager's "Gelezen en begrepen".
    Reading,
}

/// The step of a self-evaluation after its themes.
pub const SUMMARY_STEP: &str = "samenvatting";

impl Route {
    /// Parses `location.hash`; anything unknown is the home screen.
    pub fn parse(hash: &str, decode: impl Fn(&str) -> String) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("handbook"), _, _) => Route::Handbook,
            (Some("settings"), _, _) => Route::Settings,
            (Some("checklists"), _, _) => Route::Checklists,
            (Some("checklist"), Some(id), _) if !id.is_empty() => Route::Routine(decode(id)),
            (Some("evaluation"), Some(uuid), step) if !uuid.is_empty() => Route::Evaluation {
                uuid: decode(uuid),
                step: step.filter(|s| !s.is_empty()).map(&decode),
            },
            (Some("ons-handboek"), None | Some(""), _) => Route::Tailoring,
            (Some("gelezen"), _, _) => Route::Reading,
            (Some("ons-handboek"), Some(id), Some("geschiedenis")) => Route::History(decode(id)),
            (Some("ons-handboek"), Some(id), _) => Route::TailorSection(decode(id)),
            (Some("regio"), None | Some(""), _) => Route::Region(None),
            (Some("regio"), Some("verloop"), _) => Route::RegionTrend,
            (Some("regio"), Some("hospice"), Some(rest)) => match rest.rsplit_once('/') {
                Some((organization, year)) if !organization.is_empty() => match year.parse() {
                    Ok(year) => Route::RegionHospice {
                        organization: decode(organization),
                        year,
                    },
                    Err(_) => Route::Region(None),
                },
                _ => Route::Region(None),
            },
            (Some("regio"), Some(year), _) => Route::Region(year.parse().ok()),
            (Some("section"), Some(id), anchor) if !id.is_empty() => Route::Section {
                id: decode(id),
                anchor: anchor.filter(|a| !a.is_empty()).map(&decode),
            },
            (Some("search"), Some(query), rest) => {
                // A query may contain '/', which splitn cut off: put it back.
                let raw = match rest {
                    Some(rest) => format!("{query}/{rest}"),
                    None => query.to_owned(),
                };
                Route::Search(decode(&raw))
            }
            _ => Route::Home,
        }
    }

    pub fn to_hash(&self, encode: impl Fn(&str) -> String) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Handbook => "#/handbook".into(),
            Route::Settings => "#/settings".into(),
            Route::Section { id, anchor: None } => format!("#/section/{}", encode(id)),
            Route::Section {
                id,
                anchor: Some(anchor),
            } => format!("#/section/{}/{}", encode(id), encode(anchor)),
            Route::Search(query) => format!("#/search/{}", encode(query)),
            Route::Checklists => "#/checklists".into(),
            Route::Routine(id) => format!("#/checklist/{}", encode(id)),
            Route::Evaluation { uuid, step: None } => format!("#/evaluation/{}", encode(uuid)),
            Route::Evaluation {
                uuid,
                step: Some(step),
            } => format!("#/evaluation/{}/{}", encode(uuid), encode(step)),
            Route::Region(None) => "#/regio".into(),
            Route::Region(Some(year)) => format!("#/regio/{year}"),
            Route::RegionHospice { organization, year } => {
                format!("#/regio/hospice/{}/{year}", encode(organization))
            }
            Route::RegionTrend => "#/regio/verloop".into(),
            Route::Tailoring => "#/ons-handboek".into(),
            Route::TailorSection(id) => format!("#/ons-handboek/{}", encode(id)),
            Route::History(id) => format!("#/ons-handboek/{}/geschiedenis", encode(id)),
            Route::Reading => "#/gelezen".into(),
        }
    }

    /// The data this screen needs from the shell. Settings show the handbook's numbers,
    /// which come with the home screen.
    pub fn request(&self) -> PageRequest {
        match self {
            // The region's screens ask the server themselves (`screens::region`).
            Route::Home
            | Route::Settings
            | Route::Region(_)
            | Route::RegionHospice { .. }
            | Route::RegionTrend
            | Route::History(_) => PageRequest::Home,
            Route::Handbook => PageRequest::Handbook,
            Route::Section { id, .. } => PageRequest::Section { id: id.clone() },
            Route::Search(query) => PageRequest::Search {
                query: query.clone(),
            },
            Route::Checklists => PageRequest::Checklists,
            Route::Routine(id) => PageRequest::Routine { id: id.clone() },
            Route::Evaluation { uuid, .. } => PageRequest::Evaluation { uuid: uuid.clone() },
            Route::Tailoring => PageRequest::Tailoring,
            Route::TailorSection(id) => PageRequest::TailorSection { id: id.clone() },
            Route::Reading => PageRequest::Reading,
        }
    }
}

/// Decodes one part of the hash (`%20` and the like).
pub fn decode(value: &str) -> String {
    js_sys::decode_uri_component(value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| value.to_owned())
}

fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

/// The screen the location names now.
pub fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default(), decode)
}

/// The link to a screen.
pub fn href(route: &Route) -> String {
    route.to_hash(encode)
}

/// The link to a section.
pub fn section_href(id: &str) -> String {
    href(&Route::Section {
        id: id.to_owned(),
        anchor: None,
    })
}

/// Goes to a screen, adding a history entry.
pub fn navigate(route: &Route) {
    let _ = window().location().set_hash(&href(route));
}

/// Goes to a screen in place of the current history entry (typing in the search box).
pub fn replace_route(route: &Route) {
    let _ = window().location().replace(&href(route));
}

/// Back to where the user came from; home when this is the first screen of the window.
pub fn go_back() {
    let history = window().history().ok();
    match history {
        Some(history) if history.length().unwrap_or(0) > 1 => {
            let _ = history.back();
        }
        _ => navigate(&Route::Home),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) -> String {
        s.to_owned()
    }

    #[test]
    fn parses_and_formats() {
        for route in [
            Route::Home,
            Route::Handbook,
            Route::Settings,
            Route::Section {
                id: "bij-brand".into(),
                anchor: None,
            },
            Route::Section {
                id: "bij-brand".into(),
                anchor: Some("stappen".into()),
            },
            Route::Search("val nacht".into()),
            Route::Checklists,
            Route::Routine("de-nachtronde".into()),
            Route::Evaluation {
                uuid: "0193".into(),
                step: None,
            },
            Route::Evaluation {
                uuid: "0193".into(),
                step: Some("gast".into()),
            },
            Route::Region(None),
            Route::Region(Some(2025)),
            Route::RegionHospice {
                organization: "de-linde".into(),
                year: 2026,
            },
            Route::RegionTrend,
            Route::Tailoring,
            Route::Reading,
            Route::TailorSection("bij-brand".into()),
            Route::History("bij-brand".into()),
        ] {
            assert_eq!(Route::parse(&route.to_hash(same), same), route);
        }
        assert_eq!(Route::parse("", same), Route::Home);
        assert_eq!(Route::parse("#/onbekend", same), Route::Home);
        assert_eq!(
            Route::parse("#/search/a/b", same),
            Route::Search("a/b".into())
        );
    }

    #[test]
    fn a_section_with_an_anchor_asks_for_the_section() {
        let route = Route::Section {
            id: "bij-brand".into(),
            anchor: Some("stappen".into()),
        };
        assert_eq!(
            route.request(),
            PageRequest::Section {
                id: "bij-brand".into()
            }
        );
        assert_eq!(Route::Settings.request(), PageRequest::Home);
    }
}
