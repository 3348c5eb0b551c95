//! The codec against hickory-proto's, an independent implementation: our queries as it reads
//! them, its responses (with name compression) as we read them. Then what a hostile or broken
//! server could send: wrong ids, pointer loops, cut messages, random bytes.

use std::net::Ipv4Addr;

use hickory_proto::op::{Message, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME, MX, SOA, TXT};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use proptest::prelude::*;

use super::*;

fn name(text: &str) -> Name {
    Name::from_ascii(text).expect("a name")
}

fn record(owner: &str, ttl: u32, data: RData) -> Record {
    Record::from_rdata(name(owner), ttl, data)
}

/// `alias.m.example.com.` as a CNAME to `target`, with a TTL of 60.
fn alias_to(target: &str) -> Record {
    record(
        "alias.m.example.com.",
        60,
        RData::CNAME(CNAME(name(target))),
    )
}

/// hickory's response to the question of `query`, with `answers`, and `authority` after them.
fn reply_to(
    query: &[u8],
    code: ResponseCode,
    answers: Vec<Record>,
    authority: Vec<Record>,
) -> Vec<u8> {
    let asked = Message::from_vec(query).expect("hickory reads our query");
    let mut message = Message::response(asked.metadata.id, OpCode::Query);
    message.metadata.response_code = code;
    message.add_queries(asked.queries.clone());
    message.add_answers(answers);
    message.add_authorities(authority);
    message.to_vec().expect("hickory writes the response")
}

fn soa(owner: &str, ttl: u32, minimum: u32) -> Record {
    let soa = SOA::new(
        name("ns.example.com."),
        name("hostmaster.example.com."),
        7,
        3600,
        600,
        86_400,
        minimum,
    );
    record(owner, ttl, RData::SOA(soa))
}

#[test]
fn hickory_reads_our_query_as_a_recursive_edns_query() {
    let bytes = encode_query(0x1234, "M.Example.com.", QueryType::Txt).expect("a query");
    let message = Message::from_vec(&bytes).expect("hickory reads it");
    assert_eq!(message.metadata.id, 0x1234);
    assert!(message.metadata.recursion_desired);
    assert_eq!(message.queries.len(), 1);
    assert_eq!(message.queries[0].name(), &name("M.Example.com."));
    assert_eq!(message.queries[0].query_type(), RecordType::TXT);
    let edns = message.edns.expect("an OPT record");
    assert_eq!(edns.max_payload(), UDP_PAYLOAD);
    // Without the trailing dot, the same bytes.
    assert_eq!(
        encode_query(0x1234, "M.Example.com", QueryType::Txt),
        Ok(bytes)
    );
}

#[test]
fn names_dns_cannot_hold_are_refused() {
    let long_label = format!("{}.example.com", "a".repeat(64));
    let long_name = vec!["abcdefghi"; 26].join(".");
    for bad in [
        "",
        ".",
        "a..b",
        "a b.com",
        "a\\.b.com",
        &long_label,
        &long_name,
    ] {
        assert!(
            matches!(
                encode_query(1, bad, QueryType::A),
                Err(WireError::BadName(_))
            ),
            "{bad:?}"
        );
    }
    assert!(encode_query(1, &"a".repeat(63), QueryType::A).is_ok());
}

#[test]
fn a_compressed_answer_with_a_cname_chain_reads_back() {
    let asked = encode_query(7, "alias.m.example.com", QueryType::Txt).expect("a query");
    let txt = TXT::from_bytes(vec![
        b"v=spf1 include:amazonses.com".as_slice(),
        b" ~all".as_slice(),
    ]);
    let bytes = reply_to(
        &asked,
        ResponseCode::NoError,
        vec![
            alias_to("Bounce.M.example.com."),
            record("bounce.m.example.com.", 300, RData::TXT(txt)),
        ],
        vec![],
    );
    let reply = decode_response(&bytes, &asked).expect("a reply");
    assert_eq!(reply.rcode, Rcode::NoError);
    assert!(!reply.truncated);
    assert_eq!(reply.negative_ttl, None);
    assert_eq!(
        reply.answers,
        [
            Answer {
                name: "alias.m.example.com".into(),
                kind: QueryType::Cname,
                value: "bounce.m.example.com".into(),
                priority: None,
                ttl: 60,
            },
            Answer {
                name: "bounce.m.example.com".into(),
                kind: QueryType::Txt,
                value: "v=spf1 include:amazonses.com ~all".into(),
                priority: None,
                ttl: 300,
            },
        ]
    );
}

#[test]
fn mx_a_and_aaaa_read_back() {
    let asked = encode_query(8, "m.example.com", QueryType::Mx).expect("a query");
    let bytes = reply_to(
        &asked,
        ResponseCode::NoError,
        vec![
            record(
                "m.example.com.",
                300,
                RData::MX(MX::new(10, name("feedback-smtp.us-east-1.amazonses.com."))),
            ),
            record(
                "m.example.com.",
                300,
                RData::A(A(Ipv4Addr::new(192, 0, 2, 1))),
            ),
            record(
                "m.example.com.",
                300,
                RData::AAAA(AAAA("2001:db8::1".parse().expect("ipv6"))),
            ),
        ],
        vec![],
    );
    let reply = decode_response(&bytes, &asked).expect("a reply");
    let read: Vec<_> = reply
        .answers
        .iter()
        .map(|a| (a.kind, a.value.as_str(), a.priority))
        .collect();
    assert_eq!(
        read,
        [
            (
                QueryType::Mx,
                "feedback-smtp.us-east-1.amazonses.com",
                Some(10)
            ),
            (QueryType::A, "192.0.2.1", None),
            (QueryType::Aaaa, "2001:db8::1", None),
        ]
    );
}

#[test]
fn negative_answers_carry_the_soas_negative_ttl() {
    let asked = encode_query(9, "nothing.example.com", QueryType::Txt).expect("a query");
    let nx = reply_to(
        &asked,
        ResponseCode::NXDomain,
        vec![],
        vec![soa("example.com.", 900, 300)],
    );
    let reply = decode_response(&nx, &asked).expect("a reply");
    assert_eq!(
        (reply.rcode, reply.negative_ttl),
        (Rcode::NxDomain, Some(300))
    );

    let nodata = reply_to(
        &asked,
        ResponseCode::NoError,
        vec![],
        vec![soa("example.com.", 120, 300)],
    );
    let reply = decode_response(&nodata, &asked).expect("a reply");
    assert_eq!(
        (reply.rcode, reply.negative_ttl, reply.answers.len()),
        (Rcode::NoError, Some(120), 0)
    );

    let failed = reply_to(&asked, ResponseCode::ServFail, vec![], vec![]);
    assert_eq!(
        decode_response(&failed, &asked).expect("a reply").rcode,
        Rcode::Other(2)
    );
}

#[test]
fn records_off_the_querys_chain_are_dropped() {
    let asked = encode_query(10, "m.example.com", QueryType::Txt).expect("a query");
    let txt = |text: &str| RData::TXT(TXT::new(vec![text.to_owned()]));
    let bytes = reply_to(
        &asked,
        ResponseCode::NoError,
        vec![
            record("m.example.com.", 300, txt("ours")),
            record("bank.example.", 300, txt("injected")),
        ],
        vec![],
    );
    let reply = decode_response(&bytes, &asked).expect("a reply");
    let values: Vec<_> = reply.answers.iter().map(|a| a.value.as_str()).collect();
    assert_eq!(values, ["ours"]);
}

#[test]
fn a_response_to_another_query_is_not_ours() {
    let asked = encode_query(11, "m.example.com", QueryType::Txt).expect("a query");
    let other_id = encode_query(12, "m.example.com", QueryType::Txt).expect("a query");
    let other_name = encode_query(11, "n.example.com", QueryType::Txt).expect("a query");
    let other_type = encode_query(11, "m.example.com", QueryType::Mx).expect("a query");
    for other in [&other_id, &other_name, &other_type] {
        let bytes = reply_to(other, ResponseCode::NoError, vec![], vec![]);
        assert_eq!(decode_response(&bytes, &asked), Err(WireError::NotOurs));
    }
    // Our own query echoed back (QR clear) is no answer either.
    assert_eq!(decode_response(&asked, &asked), Err(WireError::NotOurs));
    // The question's case may differ (0x20 mixing by a resolver).
    let upper = encode_query(11, "M.EXAMPLE.COM", QueryType::Txt).expect("a query");
    let bytes = reply_to(&upper, ResponseCode::NoError, vec![], vec![]);
    assert!(decode_response(&bytes, &asked).is_ok());
}

#[test]
fn truncation_is_reported() {
    let asked = encode_query(13, "m.example.com", QueryType::Txt).expect("a query");
    let mut bytes = reply_to(&asked, ResponseCode::NoError, vec![], vec![]);
    bytes[2] |= 0x02;
    assert!(decode_response(&bytes, &asked).expect("a reply").truncated);
}

/// A response with one answer whose owner is the bytes `owner`, built by hand.
fn with_owner(asked: &[u8], owner: &[u8]) -> Vec<u8> {
    let mut bytes = asked[..asked.len() - 11].to_vec(); // the query without its OPT
    bytes[2] |= 0x80; // QR
    bytes[7] = 1; // ANCOUNT
    bytes[11] = 0; // ARCOUNT
    bytes.extend_from_slice(owner);
    bytes.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
    bytes
}

#[test]
fn pointer_loops_and_forward_pointers_are_errors() {
    let asked = encode_query(14, "m.example.com", QueryType::A).expect("a query");
    let at = (asked.len() - 11) as u8;
    // A pointer to itself, a pointer forward, a label then a pointer back to that label.
    for owner in [
        vec![0xc0, at],
        vec![0xc0, at + 2, 0],
        vec![1, b'a', 0xc0, at],
        vec![0x40, 0],
    ] {
        let bytes = with_owner(&asked, &owner);
        assert!(
            matches!(
                decode_response(&bytes, &asked),
                Err(WireError::BadPointer(_))
            ),
            "{owner:?}"
        );
    }
    // A pointer back to the question's name is how servers compress: it reads.
    let bytes = with_owner(&asked, &[0xc0, 12]);
    let reply = decode_response(&bytes, &asked).expect("a reply");
    assert_eq!(reply.answers[0].name, "m.example.com");
    assert_eq!(reply.answers[0].value, "192.0.2.1");
}

#[test]
fn unusual_bytes_in_names_are_escaped_and_high_ttls_are_zero() {
    let asked = encode_query(15, "m.example.com", QueryType::A).expect("a query");
    // An answer owned by "a.b\032c" (a space in a label) is not on the chain, so the check
    // is on a CNAME target instead.
    let mut bytes = asked[..asked.len() - 11].to_vec();
    bytes[2] |= 0x80;
    bytes[7] = 1;
    bytes[11] = 0;
    bytes.extend_from_slice(&[
        0xc0, 12, 0, 5, 0, 1, 0x80, 0, 0, 0, 0, 7, 5, b'A', b' ', b'.', b'c', b'd', 0,
    ]);
    let reply = decode_response(&bytes, &asked).expect("a reply");
    assert_eq!(reply.answers[0].value, "a\\032\\046cd");
    assert_eq!(
        reply.answers[0].ttl, 0,
        "RFC 2181: a TTL above 2^31 - 1 is zero"
    );
}

#[test]
fn every_cut_of_a_response_is_an_error_not_a_panic() {
    let asked = encode_query(16, "alias.m.example.com", QueryType::Mx).expect("a query");
    let bytes = reply_to(
        &asked,
        ResponseCode::NoError,
        vec![
            alias_to("m.example.com."),
            record(
                "m.example.com.",
                300,
                RData::MX(MX::new(10, name("mx.m.example.com."))),
            ),
        ],
        vec![soa("example.com.", 60, 60)],
    );
    assert!(decode_response(&bytes, &asked).is_ok());
    for len in 0..bytes.len() {
        assert!(
            decode_response(&bytes[..len], &asked).is_err(),
            "cut at {len}"
        );
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..600)) {
        let asked = encode_query(17, "m.example.com", QueryType::Txt).expect("a query");
        // Our id and a plausible header, so the reader gets past the first checks.
        let mut bytes = vec![0, 17, 0x81, 0x80];
        bytes.extend_from_slice(&tail);
        let _ = decode_response(&bytes, &asked);
    }

    #[test]
    fn a_flipped_byte_never_panics(at in 0usize..200, value in any::<u8>()) {
        let asked = encode_query(18, "alias.m.example.com", QueryType::Txt).expect("a query");
        let mut bytes = reply_to(
            &asked,
            ResponseCode::NoError,
            vec![
                alias_to("m.example.com."),
                record("m.example.com.", 300, RData::TXT(TXT::new(vec!["x".repeat(40)]))),
            ],
            vec![soa("example.com.", 60, 60)],
        );
        let at = at % bytes.len();
        bytes[at] = value;
        let _ = decode_response(&bytes, &asked);
    }
}
