//! `kompas-server`: serve the sync API, and administer regions, hospices, users and
//! publications from the command line.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use kompas_proto::sync::Role;
use kompas_server::{auth, publish_dir, AppState, Db};

/// The database file inside the data directory.
const DATABASE_FILE: &str = "kompas-server.sqlite";
/// Where a password is read from when it is not typed on standard input.
const PASSWORD_ENV: &str = "KOMPAS_PASSWORD";

#[derive(Debug, Parser)]
#[command(
    name = "kompas-server",
    version,
    about = "The central Kwaliteitskompas server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct DataArg {
    /// The directory that holds the server's database (embedded SQLite).
    #[arg(long, default_value = "kompas-data")]
    data: PathBuf,
    /// Use PostgreSQL instead: postgres://user:password@host/database.
    #[arg(
        long,
        env = "KOMPAS_DATABASE_URL",
        conflicts_with = "data",
        hide_env_values = true
    )]
    database: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        #[command(flatten)]
        data: DataArg,
        /// Address to listen on. Without --tls-cert, put a TLS-terminating reverse proxy in
        /// front: tokens must never travel in clear.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Serve HTTPS with this certificate chain (PEM).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The private key of --tls-cert (PEM).
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Create the database and the first administrator (password from $KOMPAS_PASSWORD or
    /// standard input).
    Init {
        #[command(flatten)]
        data: DataArg,
        #[arg(long)]
        username: String,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage organizations (hospices).
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage regions.
    Region {
        #[command(subcommand)]
        command: RegionCommand,
    },
    /// Validate a content folder like `kompas check` and publish it to a region.
    Publish {
        #[command(flatten)]
        data: DataArg,
        /// The folder with the handbook's markdown files.
        dir: PathBuf,
        #[arg(long)]
        region: String,
    },
    /// Test data: create a NEW region and fill it with hospices and years of made-up
    /// self-evaluations (for tests, benchmarks, screenshots and demonstrations; refuses a
    /// region that exists).
    Generate {
        #[command(flatten)]
        data: DataArg,
        /// The id of the region to create.
        #[arg(long)]
        region: String,
        #[arg(long, default_value_t = 25)]
        hospices: usize,
        #[arg(long, default_value_t = 5)]
        years: usize,
        /// The newest year (default: this year).
        #[arg(long)]
        last_year: Option<i32>,
        /// An existing user who becomes the region's coordinator and marks submissions.
        #[arg(long)]
        coordinator: Option<String>,
        /// The content folder published to the region (its self-evaluation is answered).
        #[arg(long, default_value = "content/handbook")]
        content: PathBuf,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a user (password from $KOMPAS_PASSWORD or standard input), or give an existing
    /// one another role.
    Add {
        #[command(flatten)]
        data: DataArg,
        #[arg(long)]
        username: String,
        /// The hospice this user belongs to.
        #[arg(long, requires = "role")]
        org: Option<String>,
        /// The role in that hospice: volunteer or manager.
        #[arg(long, value_parser = parse_role)]
        role: Option<Role>,
        /// A region this user coordinates.
        #[arg(long)]
        coordinator: Option<String>,
        #[arg(long)]
        admin: bool,
    },
}

#[derive(Debug, Subcommand)]
enum OrgCommand {
    Add {
        #[command(flatten)]
        data: DataArg,
        id: String,
        #[arg(long)]
        region: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum RegionCommand {
    Add {
        #[command(flatten)]
        data: DataArg,
        id: String,
        #[arg(long)]
        name: String,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("`{text}` is not a role: use volunteer or manager"))
}

async fn open(data: &DataArg) -> Result<Db> {
    if let Some(url) = &data.database {
        return Db::connect(url).await.context(
            "cannot use the PostgreSQL database (is it running, and may this user create tables?)",
        );
    }
    let dir: &Path = &data.data;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    let path = dir.join(DATABASE_FILE);
    Db::open(&path).with_context(|| format!("cannot open the database {}", path.display()))
}

fn read_password() -> Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        return Ok(password);
    }
    if std::io::stdin().is_terminal() {
        // Typed by a person: not shown on the screen, and asked twice.
        let first = rpassword::prompt_password("Password (at least 10 characters): ")?;
        let again = rpassword::prompt_password("The same password again: ")?;
        if first != again {
            bail!("the two passwords differ; nothing was changed, try again");
        }
        return Ok(first);
    }
    // From a script or a pipe: one line.
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn hash(password: &str) -> Result<String> {
    auth::hash_password(password).map_err(anyhow::Error::msg)
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .and_then(|runtime| runtime.block_on(run(cli)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kompas-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve {
            data,
            addr,
            tls_cert,
            tls_key,
        } => {
            let db = open(&data).await?;
            tracing::info!("storage: {}", db.kind());
            {
                let router = kompas_server::router(AppState::new(db));
                let shutdown = async {
                    let _ = tokio::signal::ctrl_c().await;
                };
                let listener = std::net::TcpListener::bind(addr)
                    .with_context(|| format!("cannot listen on {addr}"))?;
                let local = listener.local_addr()?;
                match (tls_cert, tls_key) {
                    (Some(certificate), Some(key)) => {
                        let tls = kompas_server::TlsFiles { certificate, key };
                        kompas_server::run_tls(listener, router, &tls, shutdown).await?;
                    }
                    _ => {
                        if !local.ip().is_loopback() {
                            tracing::warn!(
                                "serving plain HTTP on {local}: only do this behind a reverse \
                                 proxy that terminates TLS on the same machine"
                            );
                        }
                        tracing::info!("listening on http://{local}");
                        listener.set_nonblocking(true)?;
                        let listener = tokio::net::TcpListener::from_std(listener)?;
                        kompas_server::run(listener, router, shutdown).await?;
                    }
                }
                Ok(())
            }
        }
        Command::Init { data, username } => {
            let db = open(&data).await?;
            if db.account_count().await? > 0 {
                bail!("this server already has users; add more with `user add`");
            }
            let password_hash = hash(&read_password()?)?;
            db.add_account(&username, &password_hash, true).await?;
            println!("Created administrator `{username}`.");
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    data,
                    username,
                    org,
                    role,
                    coordinator,
                    admin,
                },
        } => {
            let db = open(&data).await?;
            let exists = db.password_hash(&username).await?.is_some();
            if !exists {
                let password_hash = hash(&read_password()?)?;
                db.add_account(&username, &password_hash, admin).await?;
                println!("Created user `{username}`.");
            }
            if let (Some(org), Some(role)) = (org, role) {
                db.add_membership(&username, &org, role).await?;
                println!("`{username}` is {} of `{org}`.", role.as_str());
            }
            if let Some(region) = coordinator {
                db.add_coordinator(&username, &region).await?;
                println!("`{username}` coordinates region `{region}`.");
            }
            Ok(())
        }
        Command::Org {
            command:
                OrgCommand::Add {
                    data,
                    id,
                    region,
                    name,
                },
        } => {
            let db = open(&data).await?;
            db.add_organization(&id, &region, &name).await?;
            println!("Added organization `{id}` to region `{region}`.");
            Ok(())
        }
        Command::Region {
            command: RegionCommand::Add { data, id, name },
        } => {
            let db = open(&data).await?;
            db.add_region(&id, &name).await?;
            println!("Added region `{id}`.");
            Ok(())
        }
        Command::Publish { data, dir, region } => {
            let db = open(&data).await?;
            let report = publish_dir(&db, &dir, &region).await?;
            let (sections, checklists) = (report.sections, report.checklists);
            println!(
                "Published to `{region}`: {} new, {} changed, {} unchanged, {} removed; \
                 checklists: {} new, {} unchanged, {} withdrawn.",
                sections.added,
                sections.changed,
                sections.unchanged,
                sections.removed,
                checklists.added,
                checklists.unchanged,
                checklists.withdrawn
            );
            Ok(())
        }
        Command::Generate {
            data,
            region,
            hospices,
            years,
            last_year,
            coordinator,
            content,
            seed,
        } => {
            let db = open(&data).await?;
            let plan = kompas_server::generate::Plan {
                region: region.clone(),
                hospices,
                last_year: last_year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now())),
                years,
                coordinator,
                seed,
            };
            let generated = kompas_server::generate::generate(&db, &content, &plan).await?;
            println!(
                "Generated region `{region}`: {} hospices, {} self-evaluations, {} marks.",
                generated.hospices, generated.submissions, generated.reviews
            );
            Ok(())
        }
    }
}
