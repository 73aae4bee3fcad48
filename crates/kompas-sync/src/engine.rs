//! The sync engine: the device's session with the server, kept in the store, and the
//! background loop that keeps the handbook up to date without anyone pressing a button.
//!
//! - The session (server, user name, token, hospice) is the store's typed sync record
//!   ([`kompas_store::SyncRecord`]), written in one statement, so it survives a restart
//!   and is never half saved. The password is never stored. The engine is the record's
//!   only writer.
//! - [`Engine::run`] syncs at start, then every `interval`; after a failure it retries by
//!   itself with [`Backoff`]; [`Engine::sync_now`] (a button, the network coming back)
//!   starts a sync at once.
//! - Every change of state is published as a [`SyncView`]; [`Engine::watch`] waits for the
//!   next one, so the UI hears about progress without polling.
//! - Logging in, choosing a hospice and logging out cancel a running pull first. That is
//!   safe at any point: each page is applied in one transaction, and the pull holds no
//!   lock while it waits for the network.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use kompas_proto::{LoginForm, OrganizationChoice, SyncActivity, SyncView};
use kompas_store::{Store, StoreError, SyncSession};
use tokio::sync::{watch, Notify};
use url::Url;

use crate::{pull, pull_checklists, push, server_url, Backoff, Client, SyncError, PAGE_SIZE};

/// Access to the device's store, which the app may also hold in a state of its own (a
/// damaged store it reports instead of opening).
pub trait LocalStore: Send + Sync + 'static {
    /// Runs `f` on the store; an unavailable store is [`SyncError::StoreUnavailable`].
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, SyncError>;
}

impl LocalStore for Mutex<Store> {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, SyncError> {
        // A panic while holding the lock leaves the store consistent (transactions).
        let mut store = self.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(f(&mut store)?)
    }
}

/// How often and how patiently the engine syncs.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Between syncs that succeeded.
    pub interval: Duration,
    /// The first retry after a failure; doubles up to `retry_max`, with jitter.
    pub retry_base: Duration,
    pub retry_max: Duration,
    pub page_size: usize,
    /// The PEM root certificate of a hospice's own certificate authority, if it has one.
    pub root_certificate: Option<Vec<u8>>,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions {
            interval: Duration::from_secs(15 * 60),
            retry_base: Duration::from_secs(10),
            retry_max: Duration::from_secs(10 * 60),
            page_size: PAGE_SIZE,
            root_certificate: None,
        }
    }
}

/// The session as the store keeps it.
#[derive(Debug, Clone, Default)]
struct Session {
    server: Option<Url>,
    username: Option<String>,
    token: Option<String>,
    organizations: Vec<OrganizationChoice>,
    organization: Option<String>,
    login_needed: bool,
    coordinator_of: Vec<String>,
}

impl Session {
    /// The session as the store's sync record keeps it. An address that no longer parses
    /// (it was checked when it was saved) is as if there were none: the user logs in again.
    fn from_record(record: SyncSession) -> Session {
        Session {
            server: record.server.and_then(|s| Url::parse(&s).ok()),
            username: record.username,
            token: record.token,
            organizations: record.organizations,
            organization: record.organization,
            login_needed: record.login_needed,
            coordinator_of: record.coordinator_of,
        }
    }

    fn to_record(&self) -> SyncSession {
        SyncSession {
            server: self.server.as_ref().map(Url::to_string),
            username: self.username.clone(),
            token: self.token.clone(),
            organizations: self.organizations.clone(),
            organization: self.organization.clone(),
            login_needed: self.login_needed,
            coordinator_of: self.coordinator_of.clone(),
        }
    }

    /// What the engine does with this session when nothing is under way.
    fn resting_activity(&self) -> SyncActivity {
        match (&self.token, &self.organization) {
            (Some(_), Some(_)) => SyncActivity::Idle,
            // A coordinator of no hospice: the region's screens, the bundled handbook.
            (Some(_), None) if self.organizations.is_empty() => SyncActivity::Idle,
            (Some(_), None) => SyncActivity::ChooseOrganization,
            (None, _) if self.login_needed => SyncActivity::LoginNeeded,
            (None, _) => SyncActivity::NotConnected,
        }
    }

    fn chosen(&self) -> Option<OrganizationChoice> {
        let id = self.organization.as_ref()?;
        self.organizations.iter().find(|o| &o.id == id).cloned()
    }
}

/// What one attempt did.
#[derive(Debug)]
enum Attempt {
    /// No token or no hospice: nothing to do until the user acts.
    NotReady,
    /// The session changed while pulling: start again with the new one.
    Cancelled,
    /// How many sections changed, or why not.
    Done(Result<u32, SyncError>),
}

/// The device's sync engine over a store `S`.
pub struct Engine<S> {
    pub(crate) store: Arc<S>,
    options: EngineOptions,
    session: Mutex<Session>,
    view: watch::Sender<SyncView>,
    nudge: Notify,
    /// Bumped on every session change; a running pull stops when it moves.
    generation: watch::Sender<u64>,
    /// Held by a pull, and by a session change once it has cancelled the pull.
    pulling: tokio::sync::Mutex<()>,
}

impl<S> std::fmt::Debug for Engine<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("view", &*self.view.borrow())
            .finish_non_exhaustive()
    }
}

impl<S: LocalStore> Engine<S> {
    /// An engine with the session the store remembers. An unreadable store gives an
    /// engine with no session: the app works offline, as without a server.
    pub fn new(store: Arc<S>, options: EngineOptions) -> Arc<Engine<S>> {
        let record = store.with_store(|s| s.sync_record()).unwrap_or_default();
        let session = Session::from_record(record.session);
        let view = SyncView {
            version: 1,
            activity: session.resting_activity(),
            last_synced_ms: record.last_synced_ms,
            last_changes: record.last_changes,
            ..SyncView::default()
        };
        let engine = Engine {
            store,
            options,
            session: Mutex::new(session),
            view: watch::Sender::new(view),
            nudge: Notify::new(),
            generation: watch::Sender::new(0),
            pulling: tokio::sync::Mutex::new(()),
        };
        engine.publish(|_| {});
        engine.publish_waiting();
        Arc::new(engine)
    }

    fn session(&self) -> MutexGuard<'_, Session> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Updates the view from the session, after `change`, and tells whoever watches.
    fn publish(&self, change: impl FnOnce(&mut SyncView)) {
        let session = self.session().clone();
        self.view.send_modify(|view| {
            view.version += 1;
            view.server = session.server.as_ref().map(Url::to_string);
            view.username = session.username.clone();
            view.signed_in = session.token.is_some();
            view.organization = session.chosen();
            view.organizations = session.organizations.clone();
            view.coordinator_of = session.coordinator_of.clone();
            change(view);
        });
    }

    /// The state now.
    pub fn view(&self) -> SyncView {
        self.view.borrow().clone()
    }

    /// The state once it differs from version `seen`, or the current one after `timeout`
    /// (so a caller's long poll never hangs forever).
    pub async fn watch(&self, seen: u64, timeout: Duration) -> SyncView {
        let mut receiver = self.view.subscribe();
        let changed = async {
            receiver
                .wait_for(|view| view.version != seen)
                .await
                .map(|view| view.clone())
        };
        match tokio::time::timeout(timeout, changed).await {
            Ok(Ok(view)) => view,
            _ => self.view(),
        }
    }

    /// Starts a sync now (the user asked, or the network came back).
    pub fn sync_now(&self) {
        self.nudge.notify_one();
    }

    /// Something was put in the outbox (or taken out) on the device: show how many wait,
    /// and send at once.
    pub fn outbox_changed(&self) {
        self.publish_waiting();
        self.sync_now();
    }

    fn publish_waiting(&self) {
        match self.store.with_store(|s| s.outbox_waiting()) {
            Ok(waiting) => self.publish(|view| view.waiting = waiting),
            Err(error) => tracing::warn!(%error, "cannot count the outbox"),
        }
    }

    fn client(&self, server: Url) -> Result<Client, SyncError> {
        match &self.options.root_certificate {
            Some(pem) => Client::with_root_certificate(server, pem),
            None => Ok(Client::new(server)),
        }
    }

    /// A client for the session's server and its token, for a request the user makes
    /// (the region's screens); [`SyncError::LoginNeeded`] without a login.
    pub(crate) fn online(&self) -> Result<(Client, String), SyncError> {
        let (server, token) = {
            let session = self.session();
            match (&session.server, &session.token) {
                (Some(server), Some(token)) => (server.clone(), token.clone()),
                _ => return Err(SyncError::LoginNeeded),
            }
        };
        Ok((self.client(server)?, token))
    }

    /// The server refused `token` on a request the user made: forget it, unless a new
    /// login replaced it meanwhile.
    pub(crate) fn token_refused(&self, token: &str) {
        if self.session().token.as_deref() != Some(token) {
            return;
        }
        self.forget_refused_token();
        self.publish(|view| view.activity = SyncActivity::LoginNeeded);
    }

    /// Cancels a running pull and changes the session, saved in the store first.
    async fn change_session(&self, change: impl FnOnce(&mut Session)) -> Result<(), SyncError> {
        self.generation.send_modify(|g| *g += 1);
        let _pulling = self.pulling.lock().await;
        let mut next = self.session().clone();
        change(&mut next);
        // The region's answers kept for offline belong to the login they were fetched with.
        let new_login = next.token != self.session().token;
        self.store.with_store(|store| {
            if new_login {
                store.forget_region_answers()?;
            }
            store.save_sync_session(&next.to_record())
        })?;
        *self.session() = next;
        Ok(())
    }

    /// Logs in. The device follows the user's hospice at once when there is one; with
    /// several the user chooses (the one chosen before stays chosen).
    pub async fn login(&self, form: &LoginForm) -> Result<SyncView, SyncError> {
        let server = server_url(&form.server)?;
        let username = form.username.trim();
        if username.is_empty() || form.password.is_empty() {
            return Err(SyncError::MissingCredentials);
        }
        let client = self.client(server.clone())?;
        let response = client.login(username, &form.password).await?;
        let organizations: Vec<OrganizationChoice> = response
            .account
            .memberships
            .iter()
            .map(|m| OrganizationChoice {
                id: m.organization_id.clone(),
                name: m.organization_name.clone(),
                role: m.role,
            })
            .collect();
        let coordinator_of = response.account.coordinator_of.clone();
        if organizations.is_empty() && coordinator_of.is_empty() {
            // Nothing to follow: do not leave a useless token behind on the server.
            let _ =
                tokio::time::timeout(Duration::from_secs(5), client.logout(&response.token)).await;
            return Err(SyncError::NoOrganization);
        }
        let mut previous = None;
        self.change_session(|session| {
            previous = session.token.take().zip(session.server.clone());
            let kept = session
                .organization
                .take()
                .filter(|id| organizations.iter().any(|o| &o.id == id));
            session.organization = match organizations.as_slice() {
                [only] => Some(only.id.clone()),
                _ => kept,
            };
            session.server = Some(server);
            session.username = Some(response.account.username.clone());
            session.token = Some(response.token.clone());
            session.organizations = organizations;
            session.coordinator_of = coordinator_of;
            session.login_needed = false;
        })
        .await?;
        let activity = self.session().resting_activity();
        self.publish(|view| view.activity = activity);
        self.sync_now();
        if let Some((token, server)) = previous {
            // The old token is not needed any more; revoking it is a courtesy.
            if let Ok(old) = self.client(server) {
                let _ = tokio::time::timeout(Duration::from_secs(5), old.logout(&token)).await;
            }
        }
        Ok(self.view())
    }

    /// Lets this device follow one of the user's hospices.
    pub async fn choose(&self, organization: &str) -> Result<SyncView, SyncError> {
        if !self
            .session()
            .organizations
            .iter()
            .any(|o| o.id == organization)
        {
            return Err(SyncError::UnknownOrganization(organization.to_owned()));
        }
        self.change_session(|session| session.organization = Some(organization.to_owned()))
            .await?;
        let activity = self.session().resting_activity();
        self.publish(|view| view.activity = activity);
        self.sync_now();
        Ok(self.view())
    }

    /// Logs out: the device forgets its token (and asks the server to revoke it). The
    /// handbook stays on the device, and the server address and user name stay filled in.
    pub async fn logout(&self) -> Result<SyncView, SyncError> {
        let mut revoke = None;
        self.change_session(|session| {
            revoke = session.token.take().zip(session.server.clone());
            session.login_needed = false;
        })
        .await?;
        self.publish(|view| {
            view.activity = SyncActivity::NotConnected;
            view.next_attempt_ms = None;
        });
        if let Some((token, server)) = revoke {
            // Offline, the token simply expires on the server.
            if let Ok(client) = self.client(server) {
                let _ = tokio::time::timeout(Duration::from_secs(5), client.logout(&token)).await;
            }
        }
        Ok(self.view())
    }

    /// One sync with the current session, unless the session changes meanwhile.
    async fn attempt(&self) -> Attempt {
        let mut generation = self.generation.subscribe();
        generation.mark_unchanged();
        let _pulling = self.pulling.lock().await;
        if generation.has_changed().unwrap_or(false) {
            return Attempt::Cancelled;
        }
        let (server, token, organization, manager) = {
            let session = self.session();
            let manager = session
                .chosen()
                .is_some_and(|o| o.role == kompas_proto::sync::Role::Manager);
            match (&session.server, &session.token, &session.organization) {
                (Some(server), Some(token), Some(org)) => {
                    (server.clone(), token.clone(), org.clone(), manager)
                }
                _ => return Attempt::NotReady,
            }
        };
        let client = match self.client(server) {
            Ok(client) => client,
            Err(error) => return Attempt::Done(Err(error)),
        };
        self.publish(|view| {
            view.activity = SyncActivity::Syncing {
                pages: 0,
                changes: 0,
            };
            view.next_attempt_ms = None;
        });
        let progress = |report: &crate::PullReport| {
            self.publish(|view| {
                view.activity = SyncActivity::Syncing {
                    pages: report.pages as u32,
                    changes: (report.changed + report.removed) as u32,
                }
            })
        };
        let pulled = pull(
            &client,
            &token,
            &organization,
            &*self.store,
            self.options.page_size,
            progress,
        );
        // The handbook, then the checklists, then what waits to go up: a self-evaluation
        // that waits for the network goes with the first sync that reaches the server.
        let synced = async {
            let report = pulled.await?;
            pull_checklists(
                &client,
                &token,
                &organization,
                &*self.store,
                self.options.page_size,
            )
            .await?;
            let pushed = push(&client, &token, &*self.store).await;
            self.publish_waiting();
            let mut report = report;
            if pushed?.delivered > 0 {
                // A manager's change of the hospice's handbook comes back at once, as
                // every other device of the hospice will get it.
                let again = pull(
                    &client,
                    &token,
                    &organization,
                    &*self.store,
                    self.options.page_size,
                    |_| {},
                )
                .await?;
                report.changed += again.changed;
                report.removed += again.removed;
            }
            if manager {
                crate::region::push_progress(&client, &token, &organization, &*self.store).await?;
                crate::region::pull_reviews(&client, &token, &organization, &*self.store).await?;
            }
            // Last, after the push, so this device's own acknowledgements come back as
            // stored, and a failure here holds up nothing else.
            crate::pull_readers(&client, &token, &organization, &*self.store).await?;
            // "Changes" on the sync line are the handbook's sections.
            Ok((report.changed + report.removed) as u32)
        };
        let result = tokio::select! {
            result = synced => result,
            _ = generation.changed() => return Attempt::Cancelled,
        };
        if matches!(result, Err(SyncError::LoginNeeded)) {
            self.forget_refused_token();
        }
        Attempt::Done(result)
    }

    /// The server refused the session's token: forget it, keep the handbook. Called while
    /// holding `pulling`, so no session change runs meanwhile; a login that waited for it
    /// comes after and keeps its new token.
    fn forget_refused_token(&self) {
        let forgotten = self.store.with_store(|store| store.forget_sync_token());
        if let Err(error) = forgotten {
            tracing::warn!(%error, "cannot forget the refused token");
        }
        let mut session = self.session();
        session.token = None;
        session.login_needed = true;
    }

    /// Records the outcome of an attempt; returns when to try next (`None`: when the user
    /// acts).
    fn settle(&self, attempt: Attempt, backoff: &mut Backoff) -> Option<Duration> {
        let now = chrono::Utc::now().timestamp_millis();
        let (activity, wait) = match attempt {
            Attempt::NotReady => (self.session().resting_activity(), None),
            Attempt::Cancelled => return Some(Duration::ZERO),
            Attempt::Done(Ok(changes)) => {
                backoff.reset();
                let saved = self
                    .store
                    .with_store(|store| store.record_sync_completed(now, changes));
                if let Err(error) = saved {
                    tracing::warn!(%error, "cannot remember the time of the last sync");
                }
                self.publish(|view| {
                    view.last_synced_ms = Some(now);
                    view.last_changes = changes;
                });
                (SyncActivity::Idle, Some(self.options.interval))
            }
            Attempt::Done(Err(SyncError::LoginNeeded)) => {
                // The attempt forgot the refused token; if the user has logged in again
                // since, sync at once with the new one.
                let activity = self.session().resting_activity();
                let wait = (activity != SyncActivity::LoginNeeded).then_some(Duration::ZERO);
                (activity, wait)
            }
            Attempt::Done(Err(SyncError::Offline(detail))) => {
                (SyncActivity::Offline { detail }, Some(backoff.next_delay()))
            }
            Attempt::Done(Err(error)) => {
                tracing::warn!(%error, "sync failed");
                (
                    SyncActivity::Failed {
                        code: error.code(),
                        detail: error.to_string(),
                    },
                    Some(backoff.next_delay()),
                )
            }
        };
        self.publish(|view| {
            view.activity = activity;
            view.next_attempt_ms = wait.map(|w| now + w.as_millis() as i64);
        });
        wait
    }

    /// The background loop: syncs now, then on its timer, after failures with backoff,
    /// and whenever [`Engine::sync_now`] is called, until `shutdown` completes. Stopping
    /// mid-pull is safe: a page and its cursor are one transaction, so the next start
    /// resumes from the last applied page.
    pub async fn run(self: Arc<Self>, shutdown: impl Future<Output = ()>) {
        tokio::select! {
            _ = self.sync_forever() => {}
            _ = shutdown => {}
        }
    }

    async fn sync_forever(&self) {
        let mut backoff = Backoff::new(self.options.retry_base, self.options.retry_max);
        loop {
            let attempt = self.attempt().await;
            let wait = self.settle(attempt, &mut backoff);
            match wait {
                Some(wait) if wait.is_zero() => {}
                Some(wait) => {
                    tokio::select! {
                        _ = self.nudge.notified() => {}
                        _ = tokio::time::sleep(wait) => {}
                    }
                }
                None => self.nudge.notified().await,
            }
        }
    }
}
