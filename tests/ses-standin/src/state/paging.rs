//! `PageSize` / `NextToken` paging over name-ordered collections.

use super::StoreError;

/// A validated page request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    size: usize,
    after: Option<String>,
}

impl PageRequest {
    /// Validates `PageSize` (1..=`max`, `default` when absent) and decodes `NextToken`.
    pub fn parse(
        size: Option<i64>,
        token: Option<&str>,
        default: usize,
        max: usize,
    ) -> Result<Self, StoreError> {
        let size = match size {
            None => default,
            Some(n) => usize::try_from(n)
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    StoreError::BadRequest(format!("PageSize must be between 1 and {max}"))
                })?,
        };
        let after = token.map(decode_token).transpose()?;
        Ok(Self { size, after })
    }

    /// Takes one page from `entries`, which must be sorted by key.
    pub fn take<T>(&self, entries: impl IntoIterator<Item = (String, T)>) -> Page<T> {
        let mut rest = entries
            .into_iter()
            .filter(|(key, _)| self.after.as_ref().is_none_or(|after| key > after));
        let mut items = Vec::new();
        let mut last_key = None;
        for (key, item) in rest.by_ref().take(self.size) {
            items.push(item);
            last_key = Some(key);
        }
        let next_token = match (rest.next(), last_key) {
            (Some(_), Some(key)) => Some(encode_token(&key)),
            _ => None,
        };
        Page { items, next_token }
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The token for the next page, absent on the last page.
    pub next_token: Option<String>,
}

fn encode_token(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_token(token: &str) -> Result<String, StoreError> {
    let invalid = || StoreError::InvalidNextToken(token.to_owned());
    if token.is_empty() || !token.len().is_multiple_of(2) {
        return Err(invalid());
    }
    let bytes = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(invalid)?;
    String::from_utf8(bytes).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<(String, usize)> {
        (0..n).map(|i| (format!("k{i:02}"), i)).collect()
    }

    #[test]
    fn pages_walk_every_item_once() {
        let mut seen = Vec::new();
        let mut token = None;
        loop {
            let request = PageRequest::parse(Some(3), token.as_deref(), 10, 1000).unwrap();
            let page = request.take(entries(7));
            seen.extend(page.items);
            match page.next_token {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, (0..7).collect::<Vec<_>>());
    }

    #[test]
    fn exact_fit_has_no_next_token() {
        let page = PageRequest::parse(Some(7), None, 10, 1000)
            .unwrap()
            .take(entries(7));
        assert_eq!(page.items.len(), 7);
        assert_eq!(page.next_token, None);
    }

    #[test]
    fn bad_sizes_and_tokens_are_rejected() {
        assert!(PageRequest::parse(Some(0), None, 10, 1000).is_err());
        assert!(PageRequest::parse(Some(1001), None, 10, 1000).is_err());
        assert!(matches!(
            PageRequest::parse(None, Some("zz"), 10, 1000),
            Err(StoreError::InvalidNextToken(_))
        ));
    }
}
