//! Sending what waits in the store's outbox. Each item goes under its own id with the body
//! stored with it, so the server stores it once however often it arrives. An item leaves
//! the outbox only when the server acknowledged it, or refused it for a reason a retry
//! cannot change (then the self-evaluation is open again with the server's reason).

use kompas_proto::sync::ProblemKind;
use kompas_store::{outbox_organization, reading_outbox_target, OutboxKind};

use crate::{Client, LocalStore, SyncError};

/// What one push did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushReport {
    pub delivered: usize,
    pub refused: usize,
    /// Still waiting afterwards.
    pub waiting: usize,
}

/// Sends every waiting item, oldest first. Stops at the first failure that a later retry
/// may cure (offline, a server error, a refused token) and returns it; the item stays.
pub async fn push(
    client: &Client,
    token: &str,
    store: &impl LocalStore,
) -> Result<PushReport, SyncError> {
    let items = store.with_store(|s| s.outbox())?;
    let mut report = PushReport {
        waiting: items.len(),
        ..PushReport::default()
    };
    for item in items {
        let sent = match item.kind {
            OutboxKind::Submission => client
                .submit(token, &item.key, &item.payload)
                .await
                .map(|receipt| receipt.received_at),
            // A hospice's own records: PUT the stored body where its key says.
            _ => match put_path(item.kind, &item.key) {
                Some(path) => client
                    .put_outbox_item::<serde_json::Value>(token, &path, &item.payload)
                    .await
                    .map(|_| chrono::Utc::now().to_rfc3339()),
                None => Err(SyncError::Protocol(format!(
                    "outbox item `{}` names no hospice",
                    item.key
                ))),
            },
        };
        match sent {
            Ok(at) => {
                store.with_store(|s| s.outbox_delivered(item.seq, &at))?;
                report.delivered += 1;
                report.waiting -= 1;
            }
            // Another manager changed the same entry: the draft stays, with the version
            // to merge against.
            Err(SyncError::Refused(problem))
                if matches!(
                    item.kind,
                    OutboxKind::OverlayEntry | OutboxKind::OverlayFacts
                ) && problem.kind == ProblemKind::Conflict =>
            {
                let current = problem.current_version.unwrap_or(0);
                store.with_store(|s| s.outbox_stale(item.seq, current, &problem.detail))?;
                report.refused += 1;
                report.waiting -= 1;
            }
            // A server from before "Gelezen en begrepen" has no such endpoint: the record
            // stays on the device, and the outbox goes on with what follows.
            Err(SyncError::Refused(problem))
                if matches!(item.kind, OutboxKind::Acknowledgement | OutboxKind::Reader)
                    && problem.kind == ProblemKind::NotFound =>
            {
                store.with_store(|s| s.outbox_refused(item.seq, &problem.detail))?;
                report.refused += 1;
                report.waiting -= 1;
            }
            Err(SyncError::Refused(problem)) if refusal_is_final(problem.kind) => {
                tracing::warn!(key = %item.key, detail = %problem.detail, "outbox item refused");
                store.with_store(|s| s.outbox_refused(item.seq, &problem.detail))?;
                report.refused += 1;
                report.waiting -= 1;
            }
            Err(error) => {
                let text = error.to_string();
                store.with_store(|s| s.outbox_attempt_failed(item.seq, &text))?;
                return Err(error);
            }
        }
    }
    Ok(report)
}

/// Where the API takes an outbox item of a hospice (after `api/v1/`), from its key.
fn put_path(kind: OutboxKind, key: &str) -> Option<String> {
    match kind {
        OutboxKind::Submission => None,
        OutboxKind::OverlayEntry | OutboxKind::OverlayFacts => {
            let what = if kind == OutboxKind::OverlayEntry {
                "entry"
            } else {
                "facts"
            };
            let organization = outbox_organization(key)?;
            Some(format!("organizations/{organization}/overlay/{what}"))
        }
        OutboxKind::Acknowledgement | OutboxKind::Reader => {
            let what = if kind == OutboxKind::Acknowledgement {
                "acknowledgements"
            } else {
                "readers"
            };
            let (organization, id) = reading_outbox_target(key)?;
            Some(format!("organizations/{organization}/{what}/{id}"))
        }
    }
}

/// Refusals that sending the same body again cannot change. A throttled request
/// (`TooManyAttempts`) and anything unknown are tried again later.
fn refusal_is_final(kind: ProblemKind) -> bool {
    matches!(
        kind,
        ProblemKind::Forbidden
            | ProblemKind::Conflict
            | ProblemKind::Unprocessable
            | ProblemKind::BadRequest
            | ProblemKind::TooLarge
            | ProblemKind::UnsupportedMediaType
    )
}
