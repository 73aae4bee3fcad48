//! All calls into the app shell. Every command of `src-tauri/src/commands.rs` has one typed
//! function here; nothing else in the UI touches `window.__TAURI__`.

use kompas_proto::checklist::{ChecklistEdit, EditOutcome};
use kompas_proto::region::{
    Comparison, Fetched, HospiceDetail, RegionOverview, RegionTrend, Review, ReviewRequest,
};
use kompas_proto::tailoring::{HistoryView, OverlayEdit, OverlayEditOutcome};
use kompas_proto::{
    CommandError, ErrorCode, LoginForm, PageData, PageRequest, Settings, StoreStatus, SyncView,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::startup::StartupAnswer;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Calls `command` and hands back its answer as it came.
async fn call_raw<A: Serialize>(command: &str, args: &A) -> Result<JsValue, CommandError> {
    let args = serde_wasm_bindgen::to_value(args).map_err(|e| {
        CommandError::new(
            ErrorCode::Internal,
            format!("cannot encode the arguments of {command}: {e}"),
        )
    })?;
    tauri_invoke(command, args).await.map_err(|error| {
        serde_wasm_bindgen::from_value(error.clone()).unwrap_or_else(|_| {
            CommandError::new(
                ErrorCode::Internal,
                error
                    .as_string()
                    .unwrap_or_else(|| format!("{command} failed: {error:?}")),
            )
        })
    })
}

async fn call<A: Serialize, T: DeserializeOwned>(
    command: &str,
    args: &A,
) -> Result<T, CommandError> {
    let value = call_raw(command, args).await?;
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        CommandError::new(
            ErrorCode::Internal,
            format!("unexpected answer to {command}: {e}"),
        )
    })
}

#[derive(Serialize)]
struct NoArgs {}

#[derive(Serialize)]
struct FirstArg<'a> {
    first: &'a PageRequest,
}

#[derive(Serialize)]
struct RequestArg<'a> {
    request: &'a PageRequest,
}

#[derive(Serialize)]
struct SettingsArg {
    settings: Settings,
}

/// Settings and store status, together with the data of the first screen. An answer
/// this UI cannot read is handed over as such, with what can still be read of it: a
/// shell of another version answers in another shape.
pub async fn startup(first: &PageRequest) -> Result<StartupAnswer, CommandError> {
    let value = call_raw("startup", &FirstArg { first }).await?;
    Ok(match serde_wasm_bindgen::from_value(value.clone()) {
        Ok(info) => StartupAnswer::Read(Box::new(info)),
        Err(error) => StartupAnswer::Unreadable {
            head: serde_wasm_bindgen::from_value(value).unwrap_or_default(),
            detail: error.to_string(),
        },
    })
}

pub async fn startup_painted() -> Result<(), CommandError> {
    call("startup_painted", &NoArgs {}).await
}

pub async fn reset_store() -> Result<StoreStatus, CommandError> {
    call("reset_store", &NoArgs {}).await
}

pub async fn page(request: &PageRequest) -> Result<PageData, CommandError> {
    call("page", &RequestArg { request }).await
}

pub async fn save_settings(settings: Settings) -> Result<(), CommandError> {
    call("save_settings", &SettingsArg { settings }).await
}

#[derive(Serialize)]
struct SeenArg {
    seen: u64,
}

#[derive(Serialize)]
struct FormArg<'a> {
    form: &'a LoginForm,
}

#[derive(Serialize)]
struct OrganizationArg<'a> {
    organization: &'a str,
}

/// The sync state once it differs from version `seen` (or after the shell's timeout).
pub async fn sync_watch(seen: u64) -> Result<SyncView, CommandError> {
    call("sync_watch", &SeenArg { seen }).await
}

pub async fn sync_login(form: &LoginForm) -> Result<SyncView, CommandError> {
    call("sync_login", &FormArg { form }).await
}

pub async fn sync_choose(organization: &str) -> Result<SyncView, CommandError> {
    call("sync_choose", &OrganizationArg { organization }).await
}

pub async fn sync_logout() -> Result<SyncView, CommandError> {
    call("sync_logout", &NoArgs {}).await
}

pub async fn sync_now() -> Result<(), CommandError> {
    call("sync_now", &NoArgs {}).await
}

#[derive(Serialize)]
struct EditArg<'a> {
    edit: &'a ChecklistEdit,
}

pub async fn checklist_edit(edit: &ChecklistEdit) -> Result<EditOutcome, CommandError> {
    call("checklist_edit", &EditArg { edit }).await
}

#[derive(Serialize)]
struct OverlayEditArg<'a> {
    edit: &'a OverlayEdit,
}

pub async fn overlay_edit(edit: &OverlayEdit) -> Result<OverlayEditOutcome, CommandError> {
    call("overlay_edit", &OverlayEditArg { edit }).await
}

#[derive(Serialize)]
struct ReadingEditArg<'a> {
    edit: &'a kompas_proto::reading::ReadingEdit,
}

pub async fn reading_edit(edit: &kompas_proto::reading::ReadingEdit) -> Result<(), CommandError> {
    call("reading_edit", &ReadingEditArg { edit }).await
}

#[derive(Serialize)]
struct IdArg<'a> {
    id: &'a str,
}

pub async fn section_history(id: &str) -> Result<HistoryView, CommandError> {
    call("section_history", &IdArg { id }).await
}

#[derive(Serialize)]
struct OverviewArgs<'a> {
    region: &'a str,
    year: Option<i32>,
}

pub async fn region_overview(
    region: &str,
    year: Option<i32>,
) -> Result<Fetched<RegionOverview>, CommandError> {
    call("region_overview", &OverviewArgs { region, year }).await
}

#[derive(Serialize)]
struct HospiceArgs<'a> {
    region: &'a str,
    organization: &'a str,
    year: i32,
}

pub async fn region_hospice(
    region: &str,
    organization: &str,
    year: i32,
) -> Result<Fetched<HospiceDetail>, CommandError> {
    call(
        "region_hospice",
        &HospiceArgs {
            region,
            organization,
            year,
        },
    )
    .await
}

#[derive(Serialize)]
struct RegionArg<'a> {
    region: &'a str,
}

pub async fn region_trend(region: &str) -> Result<Fetched<RegionTrend>, CommandError> {
    call("region_trend", &RegionArg { region }).await
}

#[derive(Serialize)]
struct ReviewArgs<'a> {
    region: &'a str,
    uuid: &'a str,
    request: &'a ReviewRequest,
}

pub async fn region_review(
    region: &str,
    uuid: &str,
    request: &ReviewRequest,
) -> Result<Review, CommandError> {
    call(
        "region_review",
        &ReviewArgs {
            region,
            uuid,
            request,
        },
    )
    .await
}

#[derive(Serialize)]
struct YearArg {
    year: i32,
}

pub async fn region_comparison(year: i32) -> Result<Fetched<Comparison>, CommandError> {
    call("region_comparison", &YearArg { year }).await
}

#[derive(Serialize)]
struct ExportArgs<'a> {
    region: &'a str,
    year: i32,
    kind: &'a str,
}

/// Saves an export (`results`, `actions`) in the Downloads folder; the path.
pub async fn region_export(region: &str, year: i32, kind: &str) -> Result<String, CommandError> {
    call("region_export", &ExportArgs { region, year, kind }).await
}
