//! The name servers of /etc/resolv.conf (resolv.conf(5)): the only part of it a stub resolver
//! that asks fully qualified names needs (`search` and `ndots` apply to short names).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The system's resolver configuration.
pub const PATH: &str = "/etc/resolv.conf";

/// At most this many `nameserver` lines count, as in glibc (MAXNS).
const MAX_SERVERS: usize = 3;

/// The servers of `nameserver` lines, in order, on port 53. With none, the local machine's, as
/// resolv.conf(5) says. Lines that do not parse (a scoped IPv6 address, a typo) are skipped.
pub fn name_servers(text: &str) -> Vec<SocketAddr> {
    let servers: Vec<SocketAddr> = text
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            (words.next() == Some("nameserver"))
                .then(|| words.next())
                .flatten()
                .and_then(|address| address.parse::<IpAddr>().ok())
                .map(|ip| SocketAddr::new(ip, 53))
        })
        .take(MAX_SERVERS)
        .collect();
    if servers.is_empty() {
        vec![local()]
    } else {
        servers
    }
}

/// The local machine's name server, the fallback when no file or no server is found.
pub fn local() -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(text: &str) -> SocketAddr {
        text.parse().expect("a socket address")
    }

    #[test]
    fn nameserver_lines_in_order_on_port_53() {
        let text = "# generated\nsearch example.internal\nnameserver 10.0.0.2\n\
                    options timeout:2\nnameserver 2001:db8::53\n";
        assert_eq!(
            name_servers(text),
            [addr("10.0.0.2:53"), addr("[2001:db8::53]:53")]
        );
    }

    #[test]
    fn a_lambda_functions_file_names_its_resolver() {
        // As found in a Lambda execution environment.
        assert_eq!(
            name_servers("nameserver 169.254.78.1\n"),
            [addr("169.254.78.1:53")]
        );
    }

    #[test]
    fn comments_scoped_addresses_and_extra_servers_are_skipped() {
        let text = "; nameserver 10.9.9.9\n#nameserver 10.8.8.8\nnameserver fe80::1%eth0\n\
                    nameserver\nnameserver 10.0.0.1 # primary\nnameserver 10.0.0.2\n\
                    nameserver 10.0.0.3\nnameserver 10.0.0.4\n";
        assert_eq!(
            name_servers(text),
            [
                addr("10.0.0.1:53"),
                addr("10.0.0.2:53"),
                addr("10.0.0.3:53")
            ]
        );
    }

    #[test]
    fn no_server_means_the_local_one() {
        assert_eq!(name_servers(""), [local()]);
        assert_eq!(name_servers("search example.com\n"), [local()]);
    }
}
