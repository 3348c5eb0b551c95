//! A zone in memory behind the `DnsLookup` port, answering like a recursive resolver: CNAMEs
//! followed, NODATA and NXDOMAIN told apart, negative answers with the SOA's negative TTL.

use std::sync::Mutex;

use domain::dns::{DkimToken, DnsRecord, RecordInputs, records};
use domain::dns_check::{Answer, DnsLookup, Lookup, QueryType, Subject};
use domain::names::{DomainName, SubdomainName};

pub const SUBDOMAIN: &str = "mail.example.com";
pub const ORG: &str = "example.com";
pub const MAIL_FROM: &str = "bounce.mail.example.com";
pub const TTL: u32 = 300;
pub const NEGATIVE_TTL: u32 = 900;

#[derive(Default)]
pub struct FakeZone {
    records: Vec<Answer>,
    failing: Vec<String>,
    pub asked: Mutex<Vec<(String, QueryType)>>,
}

impl FakeZone {
    pub fn with(mut self, name: &str, kind: QueryType, value: &str) -> Self {
        self.add(name, kind, value, None);
        self
    }

    pub fn mx(mut self, name: &str, priority: u16, value: &str) -> Self {
        self.add(name, QueryType::Mx, value, Some(priority));
        self
    }

    pub fn failing(mut self, name: &str) -> Self {
        self.failing.push(name.to_owned());
        self
    }

    fn add(&mut self, name: &str, kind: QueryType, value: &str, priority: Option<u16>) {
        self.records.push(Answer {
            name: name.to_owned(),
            kind,
            value: value.to_owned(),
            priority,
            ttl: TTL,
        });
    }

    /// Every record the product asks for, published correctly.
    pub fn correct(records: &[DnsRecord]) -> Self {
        let mut zone = Self::default();
        for record in records {
            let kind = match record.record_type {
                domain::dns::RecordType::Cname => QueryType::Cname,
                domain::dns::RecordType::Mx => QueryType::Mx,
                domain::dns::RecordType::Txt => QueryType::Txt,
            };
            zone.add(&record.name, kind, &record.value, record.priority);
        }
        zone
    }

    /// Removes every record at `name` of `kind`.
    pub fn without(mut self, name: &str, kind: QueryType) -> Self {
        self.records.retain(|r| !(r.name == name && r.kind == kind));
        self
    }

    fn answer(&self, name: &str, kind: QueryType, depth: usize) -> Lookup {
        let own: Vec<Answer> = self
            .records
            .iter()
            .filter(|r| r.name == name && r.kind == kind)
            .cloned()
            .collect();
        if !own.is_empty() {
            return Lookup::Records(own);
        }
        if let Some(cname) = self
            .records
            .iter()
            .find(|r| r.name == name && r.kind == QueryType::Cname)
            .filter(|_| depth < 8)
        {
            let mut chain = vec![cname.clone()];
            if let Lookup::Records(more) = self.answer(&cname.value, kind, depth + 1) {
                chain.extend(more);
            }
            return Lookup::Records(chain);
        }
        let exists = self
            .records
            .iter()
            .any(|r| r.name == name || r.name.ends_with(&format!(".{name}")));
        let negative_ttl = Some(NEGATIVE_TTL);
        if exists {
            Lookup::NoData { negative_ttl }
        } else {
            Lookup::NxDomain { negative_ttl }
        }
    }
}

#[async_trait::async_trait]
impl DnsLookup for FakeZone {
    async fn lookup(&self, name: &str, kind: QueryType) -> Lookup {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push((name.to_owned(), kind));
        }
        if self.failing.iter().any(|f| f == name) {
            return Lookup::Failed("SERVFAIL".to_owned());
        }
        self.answer(name, kind, 0)
    }
}

/// The records `mail.example.com` needs (tokens aaa, bbb, ccc; eu-west-1).
pub fn wanted() -> Vec<DnsRecord> {
    let name = SubdomainName::parse(SUBDOMAIN).expect("name");
    let tokens = ["aaa", "bbb", "ccc"].map(|t| DkimToken::parse(t).expect("token"));
    let mail_from = DomainName::parse(MAIL_FROM).expect("mail from");
    records(RecordInputs {
        name: &name,
        tokens: &tokens,
        signing_zone: None,
        mail_from: &mail_from,
        region: "eu-west-1",
        dmarc_rua: None,
    })
}

pub fn subject() -> Subject<'static> {
    Subject {
        subdomain: SUBDOMAIN,
        organizational: ORG,
        mail_from: MAIL_FROM,
    }
}
