//! The settings: language, night mode, larger text, linking the device to a server
//! ([`crate::sync::settings_block`]), and what is on the device.

use kompas_proto::{HomeView, Language, Settings, Theme};
use leptos::prelude::*;

use crate::context::{use_ui, Ui};
use crate::i18n::{lang_code, language_name, LANGUAGES};

pub fn screen(home: HomeView) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    let version = ui.app_version;
    view! {
        <h1 tabindex="-1">{t.screens.settings_heading}</h1>
        <fieldset class="setting">
            <legend>{t.screens.language_label}</legend>
            {LANGUAGES.into_iter().map(|language| language_choice(ui, language)).collect_view()}
        </fieldset>
        {setting_switch(
            ui,
            "night-mode",
            t.screens.night_mode,
            t.screens.night_mode_hint,
            |s| s.theme == Theme::Night,
            |s, on| s.theme = if on { Theme::Night } else { Theme::Day },
        )}
        {setting_switch(
            ui,
            "large-text",
            t.screens.large_text,
            t.screens.large_text_hint,
            |s| s.large_text,
            |s, on| s.large_text = on,
        )}
        {crate::sync::settings_block()}
        <h2>{t.screens.about_heading}</h2>
        <p>{t.offline_count(home.section_count)}</p>
        <p class="hint">{t.screens.version}" "{version.get_value()}</p>
    }
}

/// One language option; its label is in that language, whatever the UI language is.
fn language_choice(ui: Ui, language: Language) -> impl IntoView {
    let settings = ui.settings;
    view! {
        <label class="choice">
            <input
                type="radio"
                name="language"
                prop:checked=move || settings.with(|s| s.language == language)
                on:change=move |_| ui.save_settings(|s| s.language = language)
            />
            <span lang=lang_code(language)>{language_name(language)}</span>
        </label>
    }
}

/// An on/off setting with its explanation; `id` is the input's id (the hint's is derived).
fn setting_switch(
    ui: Ui,
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    is_on: fn(&Settings) -> bool,
    set: fn(&mut Settings, bool),
) -> impl IntoView {
    let settings = ui.settings;
    let hint_id = format!("{id}-hint");
    view! {
        <div class="setting">
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    id=id
                    aria-describedby=hint_id.clone()
                    prop:checked=move || settings.with(is_on)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ui.save_settings(|s| set(s, on))
                    }
                />
                <span>{label}</span>
            </label>
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}
