//! DNS messages on the wire (RFC 1035 section 4, EDNS(0) from RFC 6891): one query out, the
//! parts of a response a record check reads back in. Nothing here trusts the bytes it reads:
//! every length is checked, compression pointers may only point backwards, and a malformed
//! message is an error, never a panic.

use std::net::{Ipv4Addr, Ipv6Addr};

use domain::dns_check::{Answer, QueryType};

/// The UDP payload size offered through EDNS(0): the DNS Flag Day 2020 value, which avoids IP
/// fragmentation on the paths that matter. Larger answers come truncated and are asked again
/// over TCP.
pub const UDP_PAYLOAD: u16 = 1232;

const HEADER_LEN: usize = 12;
const CLASS_IN: u16 = 1;
const TYPE_OPT: u16 = 41;
const TYPE_SOA: u16 = 6;
const FLAG_QR: u16 = 0x8000;
const FLAG_TC: u16 = 0x0200;
const FLAG_RD: u16 = 0x0100;
const MAX_NAME_LEN: usize = 255;
const MAX_LABEL_LEN: usize = 63;

/// Why a name cannot be asked or a message cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("not a DNS name: {0:?}")]
    BadName(String),
    #[error("the response ends inside a {0}")]
    Short(&'static str),
    #[error("the response has a bad name at byte {0}")]
    BadPointer(usize),
    #[error("the response is not an answer to the query")]
    NotOurs,
}

/// The response codes a check tells apart (RFC 1035 section 4.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rcode {
    NoError,
    NxDomain,
    /// Any other: FORMERR, SERVFAIL, NOTIMP, REFUSED... The number is kept for the log.
    Other(u8),
}

/// What a response said about the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub rcode: Rcode,
    /// The server cut the message short (TC): ask again over TCP.
    pub truncated: bool,
    /// The answer section's records of the types a check reads, on the query's CNAME chain.
    pub answers: Vec<Answer>,
    /// From the authority section's SOA: the lesser of its TTL and its MINIMUM (RFC 2308).
    pub negative_ttl: Option<u32>,
}

/// The wire type code of a query type.
pub fn type_code(kind: QueryType) -> u16 {
    match kind {
        QueryType::A => 1,
        QueryType::Cname => 5,
        QueryType::Mx => 15,
        QueryType::Txt => 16,
        QueryType::Aaaa => 28,
    }
}

fn query_type(code: u16) -> Option<QueryType> {
    match code {
        1 => Some(QueryType::A),
        5 => Some(QueryType::Cname),
        15 => Some(QueryType::Mx),
        16 => Some(QueryType::Txt),
        28 => Some(QueryType::Aaaa),
        _ => None,
    }
}

/// A recursive query (RD) for `name` with an EDNS(0) OPT record. `name` is in ASCII
/// (internationalised labels already in Punycode), with or without its trailing dot.
pub fn encode_query(id: u16, name: &str, kind: QueryType) -> Result<Vec<u8>, WireError> {
    let mut message = Vec::with_capacity(HEADER_LEN + name.len() + 2 + 4 + 11);
    for field in [id, FLAG_RD, 1, 0, 0, 1] {
        message.extend_from_slice(&field.to_be_bytes());
    }
    encode_name(name, &mut message)?;
    message.extend_from_slice(&type_code(kind).to_be_bytes());
    message.extend_from_slice(&CLASS_IN.to_be_bytes());
    // OPT: root owner, the payload size in the class field, version 0, no flags, no options.
    message.push(0);
    for field in [TYPE_OPT, UDP_PAYLOAD, 0, 0, 0] {
        message.extend_from_slice(&field.to_be_bytes());
    }
    Ok(message)
}

fn encode_name(name: &str, out: &mut Vec<u8>) -> Result<(), WireError> {
    let bad = || WireError::BadName(name.to_owned());
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    if trimmed.is_empty() || trimmed.len() + 2 > MAX_NAME_LEN {
        return Err(bad());
    }
    for label in trimmed.split('.') {
        let ok = (1..=MAX_LABEL_LEN).contains(&label.len())
            && label.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
        if !ok {
            return Err(bad());
        }
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    Ok(())
}

/// Reads `message` as the response to `query` (the bytes [`encode_query`] made): same id, same
/// question. Anything else is [`WireError::NotOurs`], so a stray datagram is ignored.
pub fn decode_response(message: &[u8], query: &[u8]) -> Result<Reply, WireError> {
    let mut reader = Reader::new(message);
    let id = reader.u16("header")?;
    let flags = reader.u16("header")?;
    let counts = [
        reader.u16("header")?,
        reader.u16("header")?,
        reader.u16("header")?,
        reader.u16("header")?,
    ];
    let asked = Reader::new(query).question_at(HEADER_LEN)?;
    if query.get(..2) != Some(&id.to_be_bytes()[..]) || flags & FLAG_QR == 0 || counts[0] != 1 {
        return Err(WireError::NotOurs);
    }
    let question = reader.question()?;
    if question != asked {
        return Err(WireError::NotOurs);
    }
    let mut answers = Vec::new();
    for _ in 0..counts[1] {
        if let Some(answer) = reader.record()?.into_answer() {
            answers.push(answer);
        }
    }
    let mut negative_ttl = None;
    for _ in 0..counts[2] {
        let record = reader.record()?;
        if let RecordData::Soa { minimum } = record.data {
            negative_ttl = Some(record.ttl.min(minimum));
        }
    }
    Ok(Reply {
        rcode: match flags & 0x000f {
            0 => Rcode::NoError,
            3 => Rcode::NxDomain,
            other => Rcode::Other(other as u8),
        },
        truncated: flags & FLAG_TC != 0,
        answers: on_chain(answers, &asked.name),
        negative_ttl,
    })
}

/// The answers owned by the queried name or by a name its CNAMEs lead to, in their order;
/// records about other names (which no honest resolver adds) are dropped.
fn on_chain(answers: Vec<Answer>, name: &str) -> Vec<Answer> {
    let mut chain = vec![name.to_owned()];
    loop {
        let before = chain.len();
        for answer in &answers {
            let target = &answer.value;
            if answer.kind == QueryType::Cname
                && chain.contains(&answer.name)
                && !chain.contains(target)
            {
                chain.push(target.clone());
            }
        }
        if chain.len() == before {
            break;
        }
    }
    answers
        .into_iter()
        .filter(|answer| chain.contains(&answer.name))
        .collect()
}

#[derive(Debug, PartialEq, Eq)]
struct Question {
    name: String,
    kind: u16,
    class: u16,
}

struct Record {
    name: String,
    ttl: u32,
    data: RecordData,
}

enum RecordData {
    Answer(QueryType, String, Option<u16>),
    Soa { minimum: u32 },
    Other,
}

impl Record {
    fn into_answer(self) -> Option<Answer> {
        match self.data {
            RecordData::Answer(kind, value, priority) => Some(Answer {
                name: self.name,
                kind,
                value,
                priority,
                ttl: self.ttl,
            }),
            _ => None,
        }
    }
}

struct Reader<'a> {
    message: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(message: &'a [u8]) -> Self {
        Self { message, at: 0 }
    }

    fn next_bytes(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], WireError> {
        let end = self.at.checked_add(len).ok_or(WireError::Short(what))?;
        let bytes = self
            .message
            .get(self.at..end)
            .ok_or(WireError::Short(what))?;
        self.at = end;
        Ok(bytes)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, WireError> {
        Ok(self.next_bytes(1, what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16, WireError> {
        let bytes = self.next_bytes(2, what)?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, WireError> {
        let bytes = self.next_bytes(4, what)?;
        Ok(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn question_at(mut self, at: usize) -> Result<Question, WireError> {
        self.at = at;
        self.question()
    }

    fn question(&mut self) -> Result<Question, WireError> {
        Ok(Question {
            name: self.name()?,
            kind: self.u16("question")?,
            class: self.u16("question")?,
        })
    }

    fn record(&mut self) -> Result<Record, WireError> {
        let name = self.name()?;
        let kind = self.u16("record")?;
        let class = self.u16("record")?;
        let ttl = self.u32("record")?;
        let len = usize::from(self.u16("record")?);
        let start = self.at;
        self.next_bytes(len, "record's data")?;
        let end = self.at;
        // The data is read again through a reader of its own, bounded to it, over the whole
        // message so that names in it may point back into the message.
        let mut data = Reader {
            message: &self.message[..end],
            at: start,
        };
        let data = match (class, kind) {
            (CLASS_IN, TYPE_SOA) => {
                data.name()?;
                data.name()?;
                data.next_bytes(16, "SOA")?;
                RecordData::Soa {
                    minimum: data.u32("SOA")?,
                }
            }
            (CLASS_IN, code) => match query_type(code) {
                Some(kind) => data.answer(kind)?,
                None => RecordData::Other,
            },
            _ => RecordData::Other,
        };
        Ok(Record {
            name,
            ttl: ttl_value(ttl),
            data,
        })
    }

    fn answer(&mut self, kind: QueryType) -> Result<RecordData, WireError> {
        let (value, priority) = match kind {
            QueryType::A => {
                let b = self.next_bytes(4, "A")?;
                (Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(), None)
            }
            QueryType::Aaaa => {
                let mut octets = [0u8; 16];
                octets.copy_from_slice(self.next_bytes(16, "AAAA")?);
                (Ipv6Addr::from(octets).to_string(), None)
            }
            QueryType::Cname => (self.name()?, None),
            QueryType::Mx => {
                let preference = self.u16("MX")?;
                (self.name()?, Some(preference))
            }
            QueryType::Txt => {
                // One or more <length><bytes> strings, joined as SPF and DMARC read them.
                let mut text = Vec::new();
                while self.at < self.message.len() {
                    let len = usize::from(self.u8("TXT")?);
                    text.extend_from_slice(self.next_bytes(len, "TXT")?);
                }
                (String::from_utf8_lossy(&text).into_owned(), None)
            }
        };
        Ok(RecordData::Answer(kind, value, priority))
    }

    /// A name in presentation form: lower case, no trailing dot, bytes other than letters,
    /// digits, `-` and `_` escaped as `\DDD` (RFC 1035 section 5.1).
    fn name(&mut self) -> Result<String, WireError> {
        let mut text = String::new();
        let mut wire_len = 0usize;
        let mut at = self.at;
        let mut resume = None;
        loop {
            let len = *self.message.get(at).ok_or(WireError::Short("name"))?;
            match len & 0xc0 {
                0x00 if len == 0 => {
                    at += 1;
                    break;
                }
                0x00 => {
                    let len = usize::from(len);
                    let label = self
                        .message
                        .get(at + 1..at + 1 + len)
                        .ok_or(WireError::Short("name"))?;
                    wire_len += len + 1;
                    if wire_len + 1 > MAX_NAME_LEN {
                        return Err(WireError::BadPointer(at));
                    }
                    if !text.is_empty() {
                        text.push('.');
                    }
                    push_label(&mut text, label);
                    at += 1 + len;
                }
                0xc0 => {
                    let low = *self.message.get(at + 1).ok_or(WireError::Short("name"))?;
                    let target = usize::from(u16::from_be_bytes([len & 0x3f, low]));
                    // Only backwards: a run of pointers cannot loop, and labels between them
                    // count towards the 255-byte limit, so no name is read for ever.
                    if target >= at {
                        return Err(WireError::BadPointer(at));
                    }
                    resume.get_or_insert(at + 2);
                    at = target;
                }
                _ => return Err(WireError::BadPointer(at)),
            }
        }
        self.at = resume.unwrap_or(at);
        Ok(text)
    }
}

fn push_label(text: &mut String, label: &[u8]) {
    for &byte in label {
        let byte = byte.to_ascii_lowercase();
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            text.push(char::from(byte));
        } else {
            text.push_str(&format!("\\{byte:03}"));
        }
    }
}

/// RFC 2181 section 8: a TTL with the top bit set counts as zero.
fn ttl_value(ttl: u32) -> u32 {
    if ttl > i32::MAX as u32 { 0 } else { ttl }
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
