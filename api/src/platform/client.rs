//! The client's address, for the sign-in throttle and the audit trail.
//!
//! `X-Forwarded-For` is a list every proxy appends to; its left end is whatever the client
//! wrote. Only the entries the deployment's own proxies appended are trustworthy, so the
//! address is read from the right: the socket peer when no proxy is configured (the default),
//! the entry the outermost trusted proxy appended otherwise ([`Config::trusted_proxy_hops`],
//! [`Config::trusted_proxies`]).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::platform::config::Config;
use crate::platform::error::AppError;
use crate::platform::state::AppState;

/// The client's address as the deployment's trusted proxies saw it.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(client_address(
            &state.config,
            peer,
            &parts.headers,
        )))
    }
}

/// The address of the client of a request from `peer` with `headers`, under `config`.
pub fn client_address(config: &Config, peer: Option<IpAddr>, headers: &HeaderMap) -> String {
    let mut hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let peer_text = || peer.map_or_else(|| "unknown".to_string(), |p| p.to_canonical().to_string());
    let chosen = if config.trusted_proxy_hops > 0 {
        // The last `n` entries were appended by the `n` proxies; the first of those names the
        // client. A shorter list (a proxy that did not append) still holds only their entries.
        let n = config.trusted_proxy_hops;
        match hops.len() {
            0 => return peer_text(),
            len => hops[len.saturating_sub(n)].to_string(),
        }
    } else {
        let trusted: Vec<&str> = config
            .trusted_proxies
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let mut addr = peer_text();
        while parse(&addr).is_some_and(|ip| trusted.iter().any(|b| in_block(ip, b))) {
            match hops.pop() {
                Some(next) => addr = next.to_string(),
                None => break,
            }
        }
        addr
    };
    match parse(&chosen) {
        Some(ip) => ip.to_string(),
        // A proxy may write `unknown` or an obfuscated name (RFC 7239); keep it, bounded.
        None => chosen.chars().take(64).collect(),
    }
}

/// An address as proxies write it: bare, with a port, or bracketed IPv6 with a port.
fn parse(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .map(|ip| ip.to_canonical())
}

/// Whether `ip` is `block`: an address, or a CIDR block such as `10.0.0.0/8`.
fn in_block(ip: IpAddr, block: &str) -> bool {
    let (net, bits) = match block.split_once('/') {
        Some((net, bits)) => match bits.parse::<u32>() {
            Ok(b) => (net, Some(b)),
            Err(_) => return false,
        },
        None => (block, None),
    };
    let Ok(net) = net.parse::<IpAddr>() else {
        return false;
    };
    match (ip, net.to_canonical()) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert!(in_block(ip("10.1.2.3"), "10.0.0.0/8"));
        assert!(!in_block(ip("11.1.2.3"), "10.0.0.0/8"));
        assert!(in_block(ip("127.0.0.1"), "127.0.0.1"));
        assert!(in_block(ip("8.8.8.8"), "0.0.0.0/0"));
        assert!(in_block(ip("fd00::1"), "fd00::/8"));
        assert!(!in_block(ip("10.0.0.1"), "fd00::/8"));
        assert!(!in_block(ip("10.0.0.1"), "nonsense"));
    }
}
