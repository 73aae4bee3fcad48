//! Every string the user sees, in Dutch (first) and English. Screens never hold literal text.
//!
//! The words are grouped by area, one module each: [`screens`] the frame and the screens,
//! [`sync`] linking the device and the state of sync, [`errors`] what went wrong and what
//! to do, with the message screens. Each area has a struct of fixed words with one table
//! per language, and `impl Texts` blocks for the texts made from data. Every choice
//! matches on an enum (`Language`, `ErrorCode`, `ProblemKind`, `SyncActivity`, `Role`)
//! without a fallback, so a new language or code that has no words fails to compile here.
//!
//! `tests.rs` writes every text in every language to one snapshot, `texts.snapshot.txt`;
//! `UPDATE_EXPECT=1 cargo test` rewrites it after a deliberate change.

use kompas_proto::Language;

/// Declares an area's struct of fixed words. In tests it also lists every word with its
/// name, so the snapshot holds them all without a hand-kept list.
macro_rules! words {
    ($(#[$meta:meta])* pub struct $name:ident { $($field:ident,)* }) => {
        $(#[$meta])*
        pub struct $name {
            $(pub $field: &'static str,)*
        }

        impl $name {
            /// Every word with its field name.
            #[cfg(test)]
            pub fn each(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field)),*]
            }
        }
    };
}

mod checklists;
mod errors;
mod reading;
mod region;
mod screens;
mod sync;
mod tailoring;
#[cfg(test)]
mod tests;

use checklists::ChecklistTexts;
use errors::ErrorTexts;
use reading::ReadingTexts;
use region::RegionTexts;
use screens::ScreenTexts;
use sync::SyncTexts;
use tailoring::TailoringTexts;

/// All words of one language.
pub struct Texts {
    pub language: Language,
    pub screens: ScreenTexts,
    pub sync: SyncTexts,
    pub errors: ErrorTexts,
    pub checklists: ChecklistTexts,
    pub region: RegionTexts,
    pub tailoring: TailoringTexts,
    pub reading: ReadingTexts,
}

/// Every language the UI speaks, in the order the settings offer them. A new `Language`
/// fails to compile in [`texts`] until it has its tables; add it here too.
pub const LANGUAGES: [Language; 2] = [Language::Nl, Language::En];

pub fn texts(language: Language) -> &'static Texts {
    match language {
        Language::Nl => &NL,
        Language::En => &EN,
    }
}

/// The language's code, for the `lang` attribute.
pub fn lang_code(language: Language) -> &'static str {
    match language {
        Language::Nl => "nl",
        Language::En => "en",
    }
}

/// The language's own name: the settings offer each language in itself, whatever the
/// language of the rest of the screen.
pub fn language_name(language: Language) -> &'static str {
    match language {
        Language::Nl => "Nederlands",
        Language::En => "English",
    }
}

/// One text in every language, side by side, for the texts chosen by a code.
#[derive(Clone, Copy)]
struct Translated {
    nl: &'static str,
    en: &'static str,
}

impl Texts {
    /// The text in this language.
    fn pick(&self, text: Translated) -> &'static str {
        match self.language {
            Language::Nl => text.nl,
            Language::En => text.en,
        }
    }
}

static NL: Texts = Texts {
    language: Language::Nl,
    screens: screens::NL,
    sync: sync::NL,
    errors: errors::NL,
    checklists: checklists::NL,
    region: region::NL,
    tailoring: tailoring::NL,
    reading: reading::NL,
};

static EN: Texts = Texts {
    language: Language::En,
    screens: screens::EN,
    sync: sync::EN,
    errors: errors::EN,
    checklists: checklists::EN,
    region: region::EN,
    tailoring: tailoring::EN,
    reading: reading::EN,
};
