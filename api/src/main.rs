//! `huanjian`: serves the API and app, or runs one maintenance task.

use clap::{Parser, Subcommand};

use api::demo::{self, DemoOptions};
use api::platform::config::Config;

#[derive(Parser)]
#[command(
    name = "huanjian",
    version,
    about = "环监 Huanjian — 生态环境执法平台服务 (API + app)"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the app (the default).
    Serve,
    /// Apply migrations and exit.
    Migrate,
    /// Recompute every audit chain; exits non-zero when an entry was edited or deleted.
    VerifyAudit,
    /// Seed the demo jurisdiction into an empty database (e.g. 1,000,000 enterprises for benchmarks).
    Seed {
        #[arg(long, default_value_t = 2000)]
        enterprises: u32,
        #[arg(long, default_value_t = DemoOptions::default().seed)]
        seed: u64,
    },
    /// Recompute every enterprise's risk index (run nightly: permits expire with time alone).
    RecomputeRisk,
    /// Work through the queued background jobs, then exit (where no instance serves and runs
    /// them all the time, e.g. Lambda: run this on a schedule).
    RunJobs,
    /// Run the HJ 212-2017 gateway that monitoring data loggers (数采仪) connect to over TCP.
    Gateway {
        /// Where to listen; data loggers outside need e.g. 0.0.0.0:8212.
        #[arg(long, env = "HJ_GATEWAY_BIND", default_value = "127.0.0.1:8212")]
        bind: String,
        /// Close a connection silent this many seconds (half-open sockets).
        #[arg(long, default_value_t = 900)]
        idle_secs: u64,
    },
    /// Send HJ 212 packets as a data logger would (to test a registration or the gateway):
    /// each VALUE is CODE=NUMBER, e.g. w01018=152.3, sent as real-time data (CN 2011).
    SendHj212 {
        #[arg(long, default_value = "127.0.0.1:8212")]
        to: String,
        #[arg(long)]
        mn: String,
        #[arg(long)]
        pw: String,
        #[arg(long, default_value = "32")]
        st: String,
        /// Packets to send, one a second apart, each with the values given.
        #[arg(long, default_value_t = 1)]
        count: u32,
        #[arg(required = true)]
        values: Vec<String>,
    },
    /// Measure the HJ 212 gateway: packets per second from many loopback connections and the
    /// time until an alarm is listed (on a scratch database with the demo seeded).
    BenchGateway {
        #[arg(long, default_value_t = 1000)]
        connections: usize,
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        #[arg(long, default_value_t = 50)]
        probes: usize,
    },
    /// Measure the desk's field-force reads (nearest inspectors, the live map) with many stored
    /// positions (on a scratch database with the demo seeded).
    BenchDispatch {
        #[arg(long, default_value_t = 1000)]
        inspectors: usize,
        #[arg(long, default_value_t = 100)]
        fixes: usize,
        #[arg(long, default_value_t = 2000)]
        queries: usize,
    },
    /// Measure search and dossier latency through the router (see docs/benchmarks.md).
    Bench {
        /// Enterprises to draw queries from (8 searches and one dossier GET each).
        #[arg(long, default_value_t = 400)]
        samples: usize,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    api::platform::telemetry::init(&cli.config.log, &cli.config.log_format);
    let demo = cli.config.demo.then(|| DemoOptions {
        enterprises: cli.config.demo_enterprises,
        ..DemoOptions::default()
    });
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            api::open_database(&cli.config).await?;
            tracing::info!("migrations applied");
        }
        Command::VerifyAudit => {
            let db = api::open_database(&cli.config).await?;
            let v = api::platform::audit::verify(&db, None)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("审计链 {} 条，记录 {} 条", v.chains, v.entries);
            for p in &v.problems {
                println!("  单位 {} 第 {} 条：{}", p.bureau_id, p.seq, p.reason);
            }
            if !v.ok {
                anyhow::bail!("audit trail tampered: {} problem(s)", v.problems.len());
            }
            println!("审计链完整 (audit trail intact)");
        }
        Command::Seed { enterprises, seed } => {
            let db = api::open_database(&cli.config).await?;
            let started = std::time::Instant::now();
            let options = DemoOptions {
                seed,
                enterprises,
                store: Some(api::platform::storage::open(&cli.config.storage)?),
            };
            match demo::demo(&db, &options).await? {
                Some(s) => println!(
                    "seeded {} bureaus, {} users, {} enterprises, {} inspection tasks in {:.1} s",
                    s.bureaus,
                    s.users,
                    s.enterprises,
                    s.work.as_ref().map_or(0, |w| w.tasks),
                    started.elapsed().as_secs_f64()
                ),
                None => println!("database already holds an organisation; nothing seeded"),
            }
        }
        Command::RecomputeRisk => {
            let db = api::open_database(&cli.config).await?;
            let started = std::time::Instant::now();
            let n = api::history::risk::recompute_all(&db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "重新计算风险指数 {n} 家企业，用时 {:.1} s (risk recomputed)",
                started.elapsed().as_secs_f64()
            );
        }
        Command::RunJobs => {
            let db = api::open_database(&cli.config).await?;
            let steps = api::jobs::run_pending(
                &db,
                &api::jobs::instance_id(),
                time::OffsetDateTime::now_utc(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("后台任务已处理 {} 步 (job steps run)", steps.len());
        }
        Command::Gateway { bind, idle_secs } => {
            let db = api::open_database(&cli.config).await?;
            let listener = tokio::net::TcpListener::bind(&bind).await?;
            let options = api::monitoring::gateway::Options {
                idle_secs,
                ..Default::default()
            };
            let g = api::monitoring::gateway::start(listener, db, options).await;
            println!("HJ 212 网关监听 {} (gateway listening)", g.addr);
            tokio::signal::ctrl_c().await?;
            println!("网关停止 (gateway stopped): {:?}", g.counters.snapshot());
        }
        Command::SendHj212 {
            to,
            mn,
            pw,
            st,
            count,
            values,
        } => {
            let replies =
                api::monitoring::gateway::send(&to, &mn, &pw, &st, count, &values).await?;
            for r in replies {
                println!("{r}");
            }
        }
        Command::BenchGateway {
            connections,
            seconds,
            probes,
        } => {
            let state = api::build_state(cli.config).await?;
            println!(
                "{}",
                api::demo::gateway_bench::run(state, connections, seconds, probes).await?
            );
        }
        Command::BenchDispatch {
            inspectors,
            fixes,
            queries,
        } => {
            let state = api::build_state(cli.config).await?;
            println!(
                "{}",
                api::demo::dispatch_bench::run(state, inspectors, fixes, queries).await?
            );
        }
        Command::Bench { samples } => {
            let state = api::build_state(cli.config).await?;
            println!("{}", api::demo::bench::run(state, samples).await?);
        }
        Command::Serve => {
            let state = api::build_state(cli.config).await?;
            if let Some(mut options) = demo {
                options.store = Some(state.store.clone());
                if let Some(summary) = demo::demo(&state.db, &options).await? {
                    print_accounts(&summary);
                } else {
                    println!(
                        "演示数据已存在 (demo data present). 演示账号密码 / demo password: {}",
                        demo::DEMO_PASSWORD
                    );
                }
            }
            api::serve(state).await?;
        }
    }
    Ok(())
}

fn print_accounts(s: &demo::DemoSummary) {
    println!(
        "已生成演示数据：{} 个单位，{} 名用户，{} 家企业",
        s.bureaus, s.users, s.enterprises
    );
    if let Some(w) = &s.work {
        println!(
            "  检查任务 {} 项（现场检查 {} 次，证据 {} 份，笔录 {} 份）",
            w.tasks, w.inspections, w.evidence, w.records
        );
    }
    println!(
        "演示账号 (demo accounts), 密码 / password: {}",
        demo::DEMO_PASSWORD
    );
    println!("  登录单位 (bureau)                  用户名 (user)  角色 (roles)");
    let shown = |a: &&demo::DemoAccount| match a.bureau_id {
        340000 => a.username == "admin",
        341300 => ["admin", "leader", "dispatch"].contains(&a.username.as_str()),
        341302 => ["admin", "leader", "squad1", "insp11", "insp12"].contains(&a.username.as_str()),
        _ => false,
    };
    for a in s.accounts.iter().filter(shown) {
        let roles: Vec<_> = a.roles.iter().map(|r| r.label(shared::Lang::Zh)).collect();
        let unit = a
            .squad
            .as_deref()
            .map(|s| format!("（{s}）"))
            .unwrap_or_default();
        println!(
            "  {:<24}\t{:<10}\t{}{} {}",
            a.bureau,
            a.username,
            roles.join("、"),
            unit,
            a.display_name
        );
    }
    println!("  其他区县局账号同名（squad1、insp11…）/ other counties use the same user names.");
}
