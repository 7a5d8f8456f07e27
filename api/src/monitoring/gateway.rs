//! The HJ 212 gateway (`huanjian gateway`): a TCP server on its own port that data loggers
//! (数采仪) keep connected to. It frames and checks each packet (`hj212`), knows the logger by
//! its MN and password, stores the readings through the one writer ([`super::ingest`]) and
//! replies when the packet's Flag asks for it — only once the readings are durable.
//!
//! It keeps nothing the API needs in memory: readings, alarms and each logger's last-seen time
//! are in the database, so API instances stay interchangeable and several gateways may run.
//! Its counters (one per kind of fault and per decision) are logged every minute.
//!
//! | case                                   | decision                                   | counter |
//! |----------------------------------------|--------------------------------------------|---------|
//! | bytes before `##`                       | dropped                                    | `garbage_bytes` |
//! | length, CRC, framing faults            | packet dropped (CRC: 9011 QnRtn=9 if A set and the header is readable) | the fault's code |
//! | lower-case or byte-swapped CRC         | accepted, noted                            | `crc_lower_case`, `crc_byte_swapped` |
//! | length field disagrees, CRC right      | accepted, noted                            | `length_wrong` |
//! | unknown MN                             | refused, 9011 QnRtn=4 if A set             | `unknown_mn` |
//! | wrong PW                               | refused, 9011 QnRtn=3 if A set             | `bad_password` |
//! | ST other than registered               | refused, 9011 QnRtn=5 if A set             | `bad_st` |
//! | logger deactivated                     | refused, 9011 QnRtn=2 if A set             | `logger_inactive` |
//! | 2005-style packet (no QN/Flag, old codes)| accepted, codes translated               | `v2005` |
//! | split packet part                      | held until all PNUM parts, then stored      | `split_parts` |
//! | data without DataTime                  | refused, 9011 QnRtn=2 if A set             | `no_data_time` |
//! | value without its -Flag                | stored as N (loggers omit it when normal)   | `no_flag` |
//! | CN the platform does not take          | ignored, 9011 QnRtn=8 if A set             | `other_cn` |
//! | the logger's own replies (9011–9014)   | ignored                                     | `logger_replies` |
//! | a frame not finished within `frame_secs` | connection closed (slow or stuck writer) | `slow_frame` |
//! | no bytes for `idle_secs`               | connection closed (half-open socket)        | `idle_closed` |
//! | storing failed                         | no reply (the logger resends)               | `store_error` |

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

use super::alarms::{self, Stored};
use super::counters::Counters;
use super::ingest::{self, Ingest};
use crate::platform::entity::data_logger;

/// How the gateway treats its connections.
#[derive(Debug, Clone)]
pub struct Options {
    /// A connection silent this long is closed (a half-open socket, or a logger gone).
    pub idle_secs: u64,
    /// A frame begun must be complete within this time.
    pub frame_secs: u64,
    /// Connections beyond this are refused at accept.
    pub max_connections: usize,
    /// How often the data-missing rule runs.
    pub missing_every_secs: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            idle_secs: 900,
            frame_secs: 30,
            max_connections: 10_000,
            missing_every_secs: 60,
        }
    }
}

/// A running gateway.
pub struct Gateway {
    pub counters: Arc<Counters>,
    pub addr: std::net::SocketAddr,
}

/// A registered logger as the gateway needs it.
#[derive(Clone)]
struct Logger {
    bureau: i64,
    id: Uuid,
    point: Uuid,
    pw_sha256: String,
    st: String,
    active: bool,
}

struct Ctx {
    db: DatabaseConnection,
    ingest: Ingest,
    counters: Arc<Counters>,
    options: Options,
    open: std::sync::atomic::AtomicUsize,
    /// Loggers by MN, looked up at most once a minute (a registration or change shows within
    /// that time; a connection checks the password of every packet against it).
    loggers: Mutex<HashMap<String, (Option<Logger>, Instant)>>,
}

const LOGGER_TTL: Duration = Duration::from_secs(60);

/// `sha256(MN ":" PW)` in hex, as `data_logger.pw_sha256` keeps it.
pub fn password_hash(mn: &str, pw: &str) -> String {
    crate::platform::audit::hex(&Sha256::digest(format!("{mn}:{pw}").as_bytes()))
}

/// Starts accepting on `listener`; runs until the runtime stops.
pub async fn start(listener: TcpListener, db: DatabaseConnection, options: Options) -> Gateway {
    let counters = Arc::new(Counters::default());
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
    if let Err(e) = partitions(&db, time::OffsetDateTime::now_utc()).await {
        tracing::warn!(error = %e, "creating reading partitions");
    }
    let ctx = Arc::new(Ctx {
        ingest: Ingest::start(db.clone(), counters.clone()),
        db,
        counters: counters.clone(),
        options,
        open: Default::default(),
        loggers: Mutex::new(HashMap::new()),
    });
    tokio::spawn(accept(listener, ctx.clone()));
    tokio::spawn(housekeeping(ctx));
    Gateway { counters, addr }
}

async fn accept(listener: TcpListener, ctx: Arc<Ctx>) {
    use std::sync::atomic::Ordering;
    loop {
        let (stream, _peer) = match listener.accept().await {
            Ok(s) => s,
            Err(e) => {
                ctx.counters.add("accept_error", 1);
                tracing::warn!(error = %e, "accept");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if ctx.open.load(Ordering::Relaxed) >= ctx.options.max_connections {
            ctx.counters.add("refused_connections", 1);
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        ctx.open.fetch_add(1, Ordering::Relaxed);
        ctx.counters.add("connections", 1);
        let ctx = ctx.clone();
        tokio::spawn(async move {
            connection(stream, &ctx).await;
            ctx.open.fetch_sub(1, Ordering::Relaxed);
        });
    }
}

/// Every `missing_every_secs`: the data-missing rule; every hour: next months' partitions;
/// every minute: the counters into the log.
async fn housekeeping(ctx: Arc<Ctx>) {
    let every = Duration::from_secs(ctx.options.missing_every_secs.max(1));
    let mut tick = tokio::time::interval(every);
    let mut last_partitions = Instant::now();
    let mut last_log = Instant::now();
    loop {
        tick.tick().await;
        let now = time::OffsetDateTime::now_utc();
        match alarms::missing(&ctx.db, now.unix_timestamp()).await {
            Ok(n) => ctx.counters.add("missing_alarms", n as u64),
            Err(e) => tracing::warn!(error = %e, "data-missing rule"),
        }
        if last_partitions.elapsed() >= Duration::from_secs(3600) {
            last_partitions = Instant::now();
            if let Err(e) = partitions(&ctx.db, now).await {
                tracing::warn!(error = %e, "creating reading partitions");
            }
        }
        if last_log.elapsed() >= Duration::from_secs(60) {
            last_log = Instant::now();
            tracing::info!(counters = ?ctx.counters.snapshot(), "gateway");
        }
    }
}

/// On PostgreSQL: the monthly partitions of `reading` from last month to three months ahead
/// (`reading_YYYYMM`; a default partition catches any other time). Nothing on SQLite.
pub async fn partitions(
    db: &DatabaseConnection,
    now: time::OffsetDateTime,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, DbBackend};
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let first = |y: i32, m: u8| -> i64 {
        time::Date::from_calendar_date(
            y,
            time::Month::try_from(m).unwrap_or(time::Month::January),
            1,
        )
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
    };
    let (mut y, mut m) = (now.year(), u8::from(now.month()));
    // Start a month back.
    if m == 1 {
        y -= 1;
        m = 12;
    } else {
        m -= 1;
    }
    for _ in 0..5 {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let sql = format!(
            "DO $$ BEGIN IF to_regclass('reading_{y:04}{m:02}') IS NULL THEN \
             CREATE TABLE reading_{y:04}{m:02} PARTITION OF reading FOR VALUES FROM ({}) TO ({}); \
             END IF; END $$",
            first(y, m),
            first(ny, nm)
        );
        if let Err(e) = db.execute_unprepared(&sql).await {
            // Rows of that month already sit in the default partition: they stay there.
            tracing::warn!(error = %e, "partition reading_{y:04}{m:02}");
        }
        (y, m) = (ny, nm);
    }
    Ok(())
}

async fn connection(mut stream: TcpStream, ctx: &Ctx) {
    let mut framer = hj212::Framer::new();
    let mut parts = hj212::Reassembly::default();
    let mut buf = vec![0u8; 4096];
    let idle = Duration::from_secs(ctx.options.idle_secs.max(1));
    let frame = Duration::from_secs(ctx.options.frame_secs.max(1));
    let mut frame_started: Option<Instant> = None;
    loop {
        let wait = match frame_started {
            Some(t) => frame.saturating_sub(t.elapsed()),
            None => idle,
        };
        let n = match tokio::time::timeout(wait, stream.read(&mut buf)).await {
            Err(_) => {
                ctx.counters.add(
                    if frame_started.is_some() {
                        "slow_frame"
                    } else {
                        "idle_closed"
                    },
                    1,
                );
                return;
            }
            Ok(Ok(0)) => return,
            Ok(Ok(n)) => n,
            Ok(Err(_)) => {
                ctx.counters.add("read_error", 1);
                return;
            }
        };
        ctx.counters.add("bytes", n as u64);
        framer.push(&buf[..n]);
        while let Some(item) = framer.next_frame() {
            let reply = match item {
                Ok(f) => {
                    ctx.counters.add("garbage_bytes", f.skipped_garbage as u64);
                    match f.crc_case {
                        hj212::CrcNote::Exact => {}
                        hj212::CrcNote::LowerCase => ctx.counters.add("crc_lower_case", 1),
                        hj212::CrcNote::ByteSwapped => ctx.counters.add("crc_byte_swapped", 1),
                    }
                    if !matches!(f.length_note, hj212::LengthNote::Exact) {
                        ctx.counters.add("length_wrong", 1);
                    }
                    packet(ctx, &mut parts, &f.segment).await
                }
                Err(fault) => {
                    ctx.counters.add(fault.code(), 1);
                    // A corrupt packet whose header is readable is told why (QnRtn=9).
                    match &fault {
                        hj212::Fault::BadCrc { header, .. } if header.wants_reply() => {
                            hj212::reply_9011_header(header, 9)
                        }
                        _ => None,
                    }
                }
            };
            if let Some(r) = reply {
                let write =
                    tokio::time::timeout(Duration::from_secs(10), stream.write_all(r.as_bytes()));
                match write.await {
                    Ok(Ok(())) => ctx.counters.add("replies", 1),
                    _ => {
                        ctx.counters.add("write_error", 1);
                        return;
                    }
                }
            }
        }
        frame_started = if framer.buffered() == 0 {
            None
        } else {
            frame_started.or(Some(Instant::now()))
        };
    }
}

/// One framed packet: its reply, if any.
async fn packet(ctx: &Ctx, parts: &mut hj212::Reassembly, segment: &str) -> Option<String> {
    let p = match hj212::parse(segment) {
        Ok(p) => p,
        Err(fault) => {
            ctx.counters.add(fault.code(), 1);
            // Readable enough to be told why (QnRtn 2–8), when it asked for a reply.
            let header = hj212::Header::peek(segment);
            return fault
                .qn_rtn()
                .filter(|_| header.wants_reply())
                .and_then(|rtn| hj212::reply_9011_header(&header, rtn));
        }
    };
    let refuse = |code: &'static str, rtn: u8, p: &hj212::Packet| {
        ctx.counters.add(code, 1);
        p.wants_reply().then(|| hj212::reply_9011(p, rtn))
    };
    if matches!(p.cn.as_str(), "9011" | "9012" | "9013" | "9014") {
        ctx.counters.add("logger_replies", 1);
        return None;
    }
    let Some(logger) = logger(ctx, &p.mn).await else {
        return refuse("unknown_mn", 4, &p);
    };
    if password_hash(&p.mn, &p.pw) != logger.pw_sha256 {
        return refuse("bad_password", 3, &p);
    }
    if !logger.active {
        return refuse("logger_inactive", 2, &p);
    }
    if p.st != logger.st {
        return refuse("bad_st", 5, &p);
    }
    let cn: i16 = match p.cn.as_str() {
        "2011" => alarms::CN_REALTIME,
        "2051" => alarms::CN_MINUTE,
        "2061" => alarms::CN_HOUR,
        "2031" => alarms::CN_DAY,
        _ => return refuse("other_cn", 8, &p),
    };
    if p.version == hj212::Version::V2005 {
        ctx.counters.add("v2005", 1);
    }
    let wants_reply = p.wants_reply();
    let reply_to = p.clone();
    let p = if p.split.is_some() {
        ctx.counters.add("split_parts", 1);
        match parts.add(p) {
            Some(whole) => whole,
            // The part is held; its receipt is acknowledged, the data once all parts are in.
            None => return wants_reply.then(|| hj212::reply_9014(&reply_to)),
        }
    } else {
        p
    };
    let received = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut rows = Vec::with_capacity(p.cp.values.len());
    let mut stored = Vec::with_capacity(p.cp.values.len());
    for v in &p.cp.values {
        let at = match cn {
            alarms::CN_REALTIME => v.sample_time.or(p.cp.data_time),
            _ => p.cp.data_time,
        };
        let Some(at) = at.and_then(unix_china) else {
            return refuse("no_data_time", 2, &reply_to);
        };
        let flag = v.flag.unwrap_or_else(|| {
            ctx.counters.add("no_flag", 1);
            'N'
        });
        rows.push(ingest::row(
            logger.bureau,
            logger.point,
            &v.code,
            cn,
            at,
            v,
            flag,
            received,
        ));
        stored.push(Stored {
            bureau: logger.bureau,
            point: logger.point,
            pollutant: v.code.clone(),
            cn,
            data_time: at,
            rtd: v.rtd,
            avg: v.avg,
            flag,
        });
    }
    if !ctx
        .ingest
        .store((logger.bureau, logger.id), rows, stored)
        .await
    {
        return None;
    }
    ctx.counters.add("packets", 1);
    wants_reply.then(|| hj212::reply_9014(&reply_to))
}

/// A logger's wall-clock time (China, UTC+8) as Unix seconds.
fn unix_china(t: hj212::Timestamp) -> Option<i64> {
    let date =
        time::Date::from_calendar_date(t.year, time::Month::try_from(t.month).ok()?, t.day).ok()?;
    let at = date.with_hms(t.hour, t.minute, t.second).ok()?;
    Some(
        at.assume_offset(time::UtcOffset::from_hms(8, 0, 0).ok()?)
            .unix_timestamp(),
    )
}

async fn logger(ctx: &Ctx, mn: &str) -> Option<Logger> {
    if let Ok(cache) = ctx.loggers.lock() {
        if let Some((l, at)) = cache.get(mn) {
            if at.elapsed() < LOGGER_TTL {
                return l.clone();
            }
        }
    }
    let found = data_logger::Entity::find()
        .filter(data_logger::Column::Mn.eq(mn))
        .one(&ctx.db)
        .await;
    let found = match found {
        Ok(f) => f.map(|m| Logger {
            bureau: m.bureau_id,
            id: m.id,
            point: m.point_id,
            pw_sha256: m.pw_sha256,
            st: m.st,
            active: m.active,
        }),
        Err(e) => {
            tracing::warn!(error = %e, "looking up a logger");
            return None;
        }
    };
    if let Ok(mut cache) = ctx.loggers.lock() {
        if cache.len() > 100_000 {
            cache.clear();
        }
        cache.insert(mn.to_string(), (found.clone(), Instant::now()));
    }
    found
}

/// Acts as a data logger: sends `count` real-time packets (CN 2011, Flag=5: 2017, reply
/// wanted) with `values` (`CODE=NUMBER`) a second apart to the gateway at `to`, and returns
/// the replies. For checking a registration on site and for the tests.
pub async fn send(
    to: &str,
    mn: &str,
    pw: &str,
    st: &str,
    count: u32,
    values: &[String],
) -> anyhow::Result<Vec<String>> {
    let mut items = Vec::new();
    for v in values {
        let (code, number) = v
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("{v}: expected CODE=NUMBER, e.g. w01018=152.3"))?;
        let n: f64 = number
            .parse()
            .map_err(|_| anyhow::anyhow!("{v}: {number} is not a number"))?;
        items.push(format!("{code}-Rtd={n},{code}-Flag=N"));
    }
    let mut stream = TcpStream::connect(to).await?;
    let mut replies = Vec::new();
    for i in 0..count {
        if i > 0 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let now = time::OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(8, 0, 0)?);
        let stamp = format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute(),
            now.second()
        );
        let segment = format!(
            "QN={stamp}{:03};ST={st};CN=2011;PW={pw};MN={mn};Flag=5;CP=&&DataTime={stamp};{}&&",
            now.millisecond(),
            items.join(";")
        );
        stream.write_all(hj212::encode(&segment).as_bytes()).await?;
        let mut got = Vec::new();
        let mut byte = [0u8; 1];
        while !got.ends_with(b"\r\n") {
            match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut byte)).await {
                Ok(Ok(1)) => got.push(byte[0]),
                Ok(Ok(_)) => anyhow::bail!("the gateway closed the connection"),
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => anyhow::bail!("no reply within 10 s"),
            }
        }
        replies.push(String::from_utf8_lossy(&got).trim_end().to_string());
    }
    Ok(replies)
}
