//! Serves the zone over UDP and TCP with hickory-server, authoritatively.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use hickory_proto::op::{Edns, Header, HeaderCounts, MessageType, Metadata, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, CNAME, MX, SOA, TXT};
use hickory_proto::rr::{DNSClass, Name, RData, Record, RecordType as WireType};
use hickory_server::Server;
use hickory_server::net::runtime::Time;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::zone_handler::MessageResponseBuilder;
use tokio::net::{TcpListener, UdpSocket};
use tokio::sync::watch;

use super::record::{DnsRecord, RecordData, RecordName, RecordType};
use super::zone::{Answer, SOA_MNAME, SOA_RNAME, Wanted, Zone};

/// TTL of every served record, in seconds.
const TTL: u32 = 300;
/// A TXT character-string holds at most 255 bytes.
const TXT_CHUNK: usize = 255;
/// Idle TCP connections are closed after this long.
const TCP_TIMEOUT: Duration = Duration::from_secs(10);

/// Where an SOA goes in a response: (answer section, authority section).
type SoaPlacement = (Option<Record>, Option<Record>);

/// Answers queries from the zone.
#[derive(Debug, Clone)]
pub struct ZoneHandler {
    zone: Zone,
}

#[async_trait::async_trait]
impl RequestHandler for ZoneHandler {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        mut response_handle: R,
    ) -> ResponseInfo {
        let mut metadata = Metadata::response_from_request(&request.metadata);
        metadata.authoritative = true;
        let response_edns = request.edns.as_ref().map(|asked| {
            let mut edns = Edns::new();
            edns.set_max_payload(asked.max_payload().max(512));
            edns.set_version(0);
            edns
        });
        let (code, records, (answer_soa, authority_soa)) = self.resolve(request);
        metadata.response_code = code;
        let wire_records: Vec<Record> = records.iter().flat_map(to_wire).collect();
        let mut builder = MessageResponseBuilder::from_message_request(request);
        if let Some(edns) = &response_edns {
            builder.edns(edns);
        }
        let response = builder.build(
            metadata,
            wire_records.iter().chain(answer_soa.iter()),
            [],
            authority_soa.iter(),
            [],
        );
        match response_handle.send_response(response).await {
            Ok(info) => info,
            Err(error) => {
                tracing::warn!(%error, "failed to send a DNS response");
                let mut failed = Metadata::response_from_request(&request.metadata);
                failed.response_code = ResponseCode::ServFail;
                ResponseInfo::from(Header {
                    metadata: failed,
                    counts: HeaderCounts::default(),
                })
            }
        }
    }
}

impl ZoneHandler {
    /// The zone's SOA, owned by `owner`. The stand-in serves one flat zone for every name,
    /// so any name may stand as its apex.
    fn soa(&self, owner: &Name) -> Record {
        let name =
            |text: &str| Name::from_ascii(format!("{text}.")).unwrap_or_else(|_| Name::root());
        let soa = SOA::new(
            name(SOA_MNAME),
            name(SOA_RNAME),
            self.zone.serial(),
            3600,
            600,
            86_400,
            TTL,
        );
        Record::from_rdata(owner.clone(), TTL, RData::SOA(soa))
    }

    /// Looks the request's single question up in the zone: the response code, the records,
    /// and the SOA to add: as the answer to an SOA query, or in the authority section of a
    /// negative answer (so resolvers know how long to cache the absence).
    fn resolve(&self, request: &Request) -> (ResponseCode, Vec<DnsRecord>, SoaPlacement) {
        let supported = request.metadata.message_type == MessageType::Query
            && request.metadata.op_code == OpCode::Query;
        if !supported {
            return (ResponseCode::NotImp, Vec::new(), (None, None));
        }
        let Ok(info) = request.request_info() else {
            return (ResponseCode::FormErr, Vec::new(), (None, None));
        };
        if info.query.query_class() != DNSClass::IN {
            return (ResponseCode::Refused, Vec::new(), (None, None));
        }
        let owner = Name::from(info.query.name().clone());
        let soa = self.soa(&owner);
        if info.query.query_type() == WireType::SOA {
            return (ResponseCode::NoError, Vec::new(), (Some(soa), None));
        }
        let negative = (None, Some(soa));
        let asked = info.query.name().to_string();
        let Ok(name) = RecordName::parse(&asked) else {
            return (ResponseCode::NXDomain, Vec::new(), negative);
        };
        let wanted = match info.query.query_type() {
            WireType::A => Wanted::Type(RecordType::A),
            WireType::CNAME => Wanted::Type(RecordType::Cname),
            WireType::MX => Wanted::Type(RecordType::Mx),
            WireType::TXT => Wanted::Type(RecordType::Txt),
            WireType::ANY => Wanted::Any,
            _ => Wanted::Other,
        };
        tracing::debug!(%name, ?wanted, "DNS query");
        match self.zone.answer(&name, wanted) {
            Answer::Records(records) => (ResponseCode::NoError, records, (None, None)),
            Answer::NoData => (ResponseCode::NoError, Vec::new(), negative),
            Answer::NxDomain => (ResponseCode::NXDomain, Vec::new(), negative),
        }
    }
}

/// Converts a zone record to a wire record; TXT values are split into 255-byte strings.
fn to_wire(record: &DnsRecord) -> Option<Record> {
    let owner = fqdn(&record.name)?;
    let rdata = match &record.data {
        RecordData::A(ip) => RData::A(A(*ip)),
        RecordData::Cname(target) => RData::CNAME(CNAME(fqdn(target)?)),
        RecordData::Mx { priority, exchange } => RData::MX(MX::new(*priority, fqdn(exchange)?)),
        RecordData::Txt(text) => {
            let chunks: Vec<&[u8]> = if text.is_empty() {
                vec![&[]]
            } else {
                text.as_bytes().chunks(TXT_CHUNK).collect()
            };
            RData::TXT(TXT::from_bytes(chunks))
        }
    };
    Some(Record::from_rdata(owner, TTL, rdata))
}

fn fqdn(name: &RecordName) -> Option<Name> {
    Name::from_ascii(format!("{name}.")).ok()
}

/// Binds UDP and TCP on the same port. With port 0 the OS picks the UDP port, and TCP is bound
/// to the same number; should that be taken for TCP, another UDP port is tried.
pub async fn bind(addr: SocketAddr) -> io::Result<(UdpSocket, TcpListener)> {
    const ATTEMPTS: usize = 16;
    let mut last_error = io::Error::other("no attempt made");
    for _ in 0..ATTEMPTS {
        let udp = UdpSocket::bind(addr).await?;
        match TcpListener::bind(udp.local_addr()?).await {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(error) if addr.port() == 0 => last_error = error,
            Err(error) => return Err(error),
        }
    }
    Err(last_error)
}

/// Serves `zone` on the bound sockets until `shutdown` turns true.
pub fn spawn(
    zone: Zone,
    udp: UdpSocket,
    tcp: TcpListener,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let mut server = Server::new(ZoneHandler { zone });
    server.register_socket(udp);
    server.register_listener(tcp, TCP_TIMEOUT, 64);
    tokio::spawn(async move {
        let _ = shutdown.wait_for(|stop| *stop).await;
        if let Err(error) = server.shutdown_gracefully().await {
            tracing::warn!(%error, "DNS server stopped with an error");
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_txt_values_are_split_into_255_byte_strings() {
        let text = "x".repeat(300);
        let record = DnsRecord {
            name: RecordName::parse("_dmarc.example.com").unwrap(),
            data: RecordData::Txt(text.clone()),
        };
        let wire = to_wire(&record).unwrap();
        let RData::TXT(txt) = wire.data else {
            panic!("TXT expected")
        };
        let lengths: Vec<usize> = txt.txt_data.iter().map(|s| s.len()).collect();
        assert_eq!(lengths, vec![255, 45]);
        assert_eq!(txt.txt_data.concat(), text.into_bytes());
    }
}
