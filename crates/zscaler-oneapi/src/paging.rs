//! One pagination contract over the products' four list styles: ZPA pages with totals, ZIA-style
//! page/pageSize over bare arrays, ZIdentity offset/limit with `next_link`, ZDX `next_offset` cursors.

use serde_json::{Map, Value};

use crate::client::{OneApiClient, Request};
use crate::error::Error;
use crate::product::Product;

const ZPA_MAX_PAGE_SIZE: u32 = 500;
const ZID_MAX_LIMIT: u32 = 1000;
/// A walk longer than this is a server bug (or a cursor loop), not a list.
const MAX_PAGES: u32 = 10_000;

/// How a product pages its lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// ZPA: `page`, `pagesize` (≤ 500); `{totalPages, totalCount, list}` with numbers or strings.
    ZpaPages,
    /// ZIA, ZTW, ZCC: `page`, `pageSize`; a bare array (or an object holding one); a short page
    /// is the last.
    PageSize,
    /// ZIdentity: `offset`, `limit` (≤ 1000); `{records, results_total, next_link}`.
    OffsetLimit,
    /// ZDX: `limit`, `offset` = the previous `next_offset`.
    Cursor,
}

impl Paging {
    pub fn for_product(product: Product) -> Paging {
        match product {
            Product::Zpa => Paging::ZpaPages,
            Product::Zid => Paging::OffsetLimit,
            Product::Zdx => Paging::Cursor,
            _ => Paging::PageSize,
        }
    }

    /// The page size a request for `page_size` items per page actually gets (the product's
    /// maximum applies).
    pub fn effective_page_size(&self, page_size: u32) -> u32 {
        match self {
            Paging::ZpaPages => page_size.clamp(1, ZPA_MAX_PAGE_SIZE),
            _ => page_size.max(1),
        }
    }

    /// Sets this style's query parameters on `req`; returns the request as actually sent
    /// (page size clamped to the product maximum).
    pub fn apply(&self, req: &mut Request, page: &PageRequest) -> PageRequest {
        let mut effective = PageRequest {
            page: page.page.max(1),
            page_size: self.effective_page_size(page.page_size),
            cursor: page.cursor.clone().filter(|c| !c.is_empty()),
        };
        match self {
            Paging::ZpaPages => {
                effective.cursor = None;
                req.set_query("page", effective.page.to_string());
                req.set_query("pagesize", effective.page_size.to_string());
            }
            Paging::PageSize => {
                effective.cursor = None;
                req.set_query("page", effective.page.to_string());
                req.set_query("pageSize", effective.page_size.to_string());
            }
            Paging::OffsetLimit => {
                effective.page_size = effective.page_size.min(ZID_MAX_LIMIT);
                let offset = match &effective.cursor {
                    Some(c) => c.clone(),
                    None => {
                        (u64::from(effective.page - 1) * u64::from(effective.page_size)).to_string()
                    }
                };
                req.set_query("offset", offset);
                req.set_query("limit", effective.page_size.to_string());
            }
            Paging::Cursor => {
                req.set_query("limit", effective.page_size.to_string());
                if let Some(c) = &effective.cursor {
                    req.set_query("offset", c.clone());
                }
            }
        }
        effective
    }

    /// Reads one page of this style out of a response body.
    pub fn parse(&self, body: &Value, page: &PageRequest) -> Result<Page, String> {
        match self {
            Paging::ZpaPages => parse_zpa(body, page),
            Paging::PageSize => parse_page_size(body, page),
            Paging::OffsetLimit => parse_offset_limit(body, page),
            Paging::Cursor => parse_cursor(body, page),
        }
    }
}

/// Which page to fetch. `page` is 1-based; `cursor` (ZDX `next_offset`, or a ZIdentity offset)
/// takes precedence over `page` where the style supports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
    pub cursor: Option<String>,
}

impl PageRequest {
    pub fn new(page: u32, page_size: u32) -> PageRequest {
        PageRequest {
            page,
            page_size,
            cursor: None,
        }
    }

    pub fn first(page_size: u32) -> PageRequest {
        PageRequest::new(1, page_size)
    }

    pub fn with_cursor(mut self, cursor: impl Into<String>) -> PageRequest {
        self.cursor = Some(cursor.into());
        self
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::first(100)
    }
}

/// One page of results, with where to go next.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Value>,
    /// Total matching items, when the product says.
    pub total: Option<u64>,
    pub page: u32,
    pub page_size: u32,
    pub next_page: Option<u32>,
    /// Pass back as [`PageRequest::cursor`] when set.
    pub next_cursor: Option<String>,
}

impl Page {
    fn empty(page: &PageRequest) -> Page {
        Page {
            items: Vec::new(),
            total: None,
            page: page.page,
            page_size: page.page_size,
            next_page: None,
            next_cursor: None,
        }
    }

    pub fn has_more(&self) -> bool {
        self.next_page.is_some() || self.next_cursor.is_some()
    }
}

/// Where a list walk has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageProgress {
    /// The page just fetched (1-based).
    pub page: u32,
    /// Items collected so far.
    pub collected: usize,
    /// The list's total, when the product says.
    pub total: Option<u64>,
}

/// A count sent as a number or as a numeric string (ZPA does both).
fn count(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The first array-valued field, in document order (ZCC `trustedNetworkContracts`, ZDX `devices`…).
fn first_array(obj: &Map<String, Value>) -> Vec<Value> {
    obj.values()
        .find_map(|v| v.as_array())
        .cloned()
        .unwrap_or_default()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A full page suggests there is another; the size is what we asked for.
fn next_if_full(items: &[Value], page: &PageRequest) -> Option<u32> {
    (!items.is_empty() && items.len() >= page.page_size as usize).then(|| page.page + 1)
}

fn parse_zpa(body: &Value, page: &PageRequest) -> Result<Page, String> {
    let mut out = Page::empty(page);
    match body {
        Value::Null => {}
        Value::Object(obj) => {
            // A page past the end comes back without `list`.
            out.items = obj
                .get("list")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            out.total = count(obj.get("totalCount"));
            out.next_page = match count(obj.get("totalPages")) {
                Some(pages) => (u64::from(page.page) < pages).then(|| page.page + 1),
                None => next_if_full(&out.items, page),
            };
        }
        Value::Array(items) => {
            out.items = items.clone();
            out.next_page = next_if_full(&out.items, page);
        }
        other => {
            return Err(format!(
                "expected a ZPA list envelope {{totalPages, totalCount, list}}, got {}",
                kind(other)
            ));
        }
    }
    Ok(out)
}

fn parse_page_size(body: &Value, page: &PageRequest) -> Result<Page, String> {
    let mut out = Page::empty(page);
    match body {
        Value::Null => {}
        Value::Array(items) => out.items = items.clone(),
        Value::Object(obj) => {
            out.items = first_array(obj);
            out.total = count(obj.get("totalCount"));
        }
        other => {
            return Err(format!(
                "expected a JSON array of items, got {}",
                kind(other)
            ));
        }
    }
    out.next_page = next_if_full(&out.items, page).filter(|_| {
        out.total
            .is_none_or(|t| u64::from(page.page) * u64::from(page.page_size) < t)
    });
    Ok(out)
}

fn parse_offset_limit(body: &Value, page: &PageRequest) -> Result<Page, String> {
    let mut out = Page::empty(page);
    match body {
        Value::Null => {}
        Value::Array(items) => {
            out.items = items.clone();
            out.next_page = next_if_full(&out.items, page);
        }
        Value::Object(obj) => {
            out.items = match obj.get("records") {
                Some(Value::Array(records)) => records.clone(),
                _ => first_array(obj),
            };
            // ZIdentity says `results_total`/`totalRecord`; EASM says `total_results`.
            out.total = count(obj.get("results_total"))
                .or_else(|| count(obj.get("totalRecord")))
                .or_else(|| count(obj.get("total_results")));
            let next_link = obj
                .get("next_link")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|l| !l.is_empty());
            if let Some(link) = next_link {
                // Only the offset is taken: recorded next_links point at another host.
                match link_offset(link) {
                    Some(offset) if offset.is_multiple_of(u64::from(page.page_size)) => {
                        out.next_page = u32::try_from(offset / u64::from(page.page_size) + 1).ok();
                        if out.next_page.is_none() {
                            out.next_cursor = Some(offset.to_string());
                        }
                    }
                    Some(offset) => out.next_cursor = Some(offset.to_string()),
                    None => out.next_page = (!out.items.is_empty()).then(|| page.page + 1),
                }
            }
        }
        other => {
            return Err(format!(
                "expected a ZIdentity list envelope {{records, next_link}}, got {}",
                kind(other)
            ));
        }
    }
    Ok(out)
}

/// The `offset` query parameter of a `next_link`, absolute or relative.
fn link_offset(link: &str) -> Option<u64> {
    let query = link.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "offset")
        .and_then(|(_, v)| v.trim().parse().ok())
}

fn parse_cursor(body: &Value, page: &PageRequest) -> Result<Page, String> {
    let mut out = Page::empty(page);
    match body {
        Value::Null => {}
        Value::Array(items) => out.items = items.clone(),
        Value::Object(obj) => {
            out.items = first_array(obj);
            out.next_cursor = match obj.get("next_offset") {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
        }
        other => return Err(format!("expected a ZDX list, got {}", kind(other))),
    }
    Ok(out)
}

impl OneApiClient {
    /// Fetches one page of a list, adding the product's paging parameters to `req`.
    pub async fn list_page(
        &self,
        mut req: Request,
        paging: Paging,
        page: PageRequest,
    ) -> Result<Page, Error> {
        let product = Product::from_path(req.path()).ok_or_else(|| Error::UnknownProduct {
            path: req.path().to_owned(),
        })?;
        let effective = paging.apply(&mut req, &page);
        let response = self.send(req).await?;
        paging
            .parse(&response.body, &effective)
            .map_err(|message| Error::Decode {
                product,
                status: response.status,
                message,
            })
    }

    /// Walks pages until the list ends or `max_items` are collected. Returns the items and
    /// whether the list was cut short by `max_items`.
    pub async fn list_all(
        &self,
        req: Request,
        paging: Paging,
        page_size: u32,
        max_items: usize,
    ) -> Result<(Vec<Value>, bool), Error> {
        self.list_all_observed(req, paging, page_size, max_items, |_| {})
            .await
    }

    /// [`list_all`](Self::list_all), calling `on_page` after each page with the page fetched
    /// and the number of items collected so far (for progress reports).
    pub async fn list_all_observed(
        &self,
        req: Request,
        paging: Paging,
        page_size: u32,
        max_items: usize,
        mut on_page: impl FnMut(PageProgress) + Send,
    ) -> Result<(Vec<Value>, bool), Error> {
        let mut items: Vec<Value> = Vec::new();
        if max_items == 0 {
            return Ok((items, false));
        }
        let mut next = PageRequest::first(page_size);
        let mut seen_cursors: Vec<String> = Vec::new();
        for _ in 0..MAX_PAGES {
            let page = self.list_page(req.clone(), paging, next.clone()).await?;
            let fetched = page.items.len();
            on_page(PageProgress {
                page: page.page,
                collected: (items.len() + fetched).min(max_items),
                total: page.total,
            });
            for item in page.items {
                if items.len() == max_items {
                    return Ok((items, true));
                }
                items.push(item);
            }
            if fetched == 0 {
                return Ok((items, false));
            }
            if let Some(cursor) = page.next_cursor {
                // A server that hands back a cursor we already used would loop forever.
                if seen_cursors.contains(&cursor) {
                    return Ok((items, false));
                }
                seen_cursors.push(cursor.clone());
                next = PageRequest::new(page.page + 1, page.page_size).with_cursor(cursor);
            } else if let Some(n) = page.next_page.filter(|n| *n > page.page) {
                next = PageRequest::new(n, page.page_size);
            } else {
                return Ok((items, false));
            }
            if items.len() == max_items {
                return Ok((items, true));
            }
        }
        Ok((items, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::tests::test_client;
    use crate::testserver::{Canned, TestServer};
    use serde_json::json;

    fn pr(page: u32, size: u32) -> PageRequest {
        PageRequest::new(page, size)
    }

    #[test]
    fn zpa_envelopes() {
        let body = json!({"totalPages":"2","totalCount":"3","list":[{"id":"1"},{"id":"2"}]});
        let p = Paging::ZpaPages.parse(&body, &pr(1, 2)).unwrap();
        assert_eq!((p.items.len(), p.total, p.next_page), (2, Some(3), Some(2)));
        let body = json!({"totalPages":"2","totalCount":"3","list":[{"id":"3"}]});
        let p = Paging::ZpaPages.parse(&body, &pr(2, 2)).unwrap();
        assert_eq!((p.items.len(), p.next_page), (1, None));
        // userconfig sends ints.
        let body = json!({"totalPages":72,"totalCount":1424,"list":[{"id":3251059}]});
        let p = Paging::ZpaPages.parse(&body, &pr(1, 20)).unwrap();
        assert_eq!((p.total, p.next_page), (Some(1424), Some(2)));
        // Past the end: no list.
        let p = Paging::ZpaPages
            .parse(&json!({"totalPages":"1"}), &pr(5, 20))
            .unwrap();
        assert!(p.items.is_empty() && !p.has_more());
        assert!(Paging::ZpaPages.parse(&json!("x"), &pr(1, 20)).is_err());
    }

    #[test]
    fn page_size_envelopes() {
        let p = Paging::PageSize
            .parse(&json!([1, 2, 3]), &pr(1, 3))
            .unwrap();
        assert_eq!((p.items.len(), p.next_page), (3, Some(2)));
        let p = Paging::PageSize.parse(&json!([1, 2]), &pr(2, 3)).unwrap();
        assert_eq!(p.next_page, None);
        let p = Paging::PageSize.parse(&json!([]), &pr(1, 3)).unwrap();
        assert!(!p.has_more());
        // ZCC trusted networks.
        let body = json!({"totalCount":24,"trustedNetworkContracts":[{"id":"1"},{"id":"2"}]});
        let p = Paging::PageSize.parse(&body, &pr(1, 2)).unwrap();
        assert_eq!(
            (p.items.len(), p.total, p.next_page),
            (2, Some(24), Some(2))
        );
        let p = Paging::PageSize.parse(&body, &pr(12, 2)).unwrap();
        assert_eq!(p.next_page, None, "page 12 of 2 is the last of 24");
        assert!(Paging::PageSize.parse(&json!(5), &pr(1, 2)).is_err());
    }

    #[test]
    fn offset_limit_envelopes() {
        let body = json!({
            "pageOffset":0,"pageSize":100,"totalRecord":218,"records":[{"id":"a"}],
            "next_link":"https://acme-admin.zslogin.net/admin/api/v1/users?offset=100&limit=100",
            "results_total":218
        });
        let p = Paging::OffsetLimit.parse(&body, &pr(1, 100)).unwrap();
        assert_eq!(
            (p.total, p.next_page, p.next_cursor.clone()),
            (Some(218), Some(2), None)
        );
        let body = json!({"records":[{"id":"a"}],"next_link":"/admin/api/v1/users?limit=100&offset=150","totalRecord":218});
        let p = Paging::OffsetLimit.parse(&body, &pr(1, 100)).unwrap();
        assert_eq!(
            (p.total, p.next_page, p.next_cursor.as_deref()),
            (Some(218), None, Some("150"))
        );
        let body = json!({"records":[{"id":"a"}],"results_total":1});
        let p = Paging::OffsetLimit.parse(&body, &pr(3, 100)).unwrap();
        assert!(!p.has_more());
    }

    #[test]
    fn cursor_envelopes() {
        let body = json!({"devices":[{"id":1},{"id":2}],"next_offset":"b2Zmc2V0OjI="});
        let p = Paging::Cursor.parse(&body, &pr(1, 2)).unwrap();
        assert_eq!(
            (p.items.len(), p.next_cursor.as_deref()),
            (2, Some("b2Zmc2V0OjI="))
        );
        let p = Paging::Cursor
            .parse(&json!({"alerts":[],"next_offset":null}), &pr(1, 2))
            .unwrap();
        assert!(!p.has_more());
        let p = Paging::Cursor
            .parse(&json!({"software":[1],"next_offset":40}), &pr(1, 2))
            .unwrap();
        assert_eq!(p.next_cursor.as_deref(), Some("40"));
        let p = Paging::Cursor.parse(&json!([{"id":1}]), &pr(1, 2)).unwrap();
        assert_eq!((p.items.len(), p.next_cursor), (1, None));
    }

    #[test]
    fn query_parameters() {
        let mut req = Request::get("/zpa/x").query("page", "9");
        let eff = Paging::ZpaPages.apply(&mut req, &pr(2, 2000));
        assert_eq!(eff.page_size, 500);
        assert_eq!(
            req.query_pairs(),
            &[
                ("page".into(), "2".into()),
                ("pagesize".into(), "500".into())
            ]
        );
        let mut req = Request::get("/zia/x");
        Paging::PageSize.apply(&mut req, &pr(0, 0));
        assert_eq!(
            req.query_pairs(),
            &[("page".into(), "1".into()), ("pageSize".into(), "1".into())]
        );
        let mut req = Request::get("/ziam/x");
        Paging::OffsetLimit.apply(&mut req, &pr(3, 5000));
        assert_eq!(
            req.query_pairs(),
            &[
                ("offset".into(), "2000".into()),
                ("limit".into(), "1000".into())
            ]
        );
        let mut req = Request::get("/zdx/x");
        Paging::Cursor.apply(&mut req, &pr(2, 50).with_cursor("abc"));
        assert_eq!(
            req.query_pairs(),
            &[
                ("limit".into(), "50".into()),
                ("offset".into(), "abc".into())
            ]
        );
        assert_eq!(Paging::for_product(Product::Zcc), Paging::PageSize);
        assert_eq!(Paging::for_product(Product::Zid), Paging::OffsetLimit);
    }

    #[tokio::test]
    async fn list_all_walks_and_truncates() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        server.script([
            Canned::new(200, r#"{"totalPages":"3","totalCount":"5","list":[1,2]}"#),
            Canned::new(200, r#"{"totalPages":"3","totalCount":"5","list":[3,4]}"#),
            Canned::new(200, r#"{"totalPages":"3","totalCount":"5","list":[5]}"#),
        ]);
        let (items, truncated) = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            client.list_all(Request::get("/zpa/x"), Paging::ZpaPages, 2, 100),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            (items, truncated),
            (
                vec![json!(1), json!(2), json!(3), json!(4), json!(5)],
                false
            )
        );
        let pages: Vec<_> = server
            .api_log()
            .iter()
            .map(|r| r.query()["page"].clone())
            .collect();
        assert_eq!(pages, ["1", "2", "3"]);

        server.script([
            Canned::new(200, r#"{"devices":[1,2],"next_offset":"c1"}"#),
            Canned::new(200, r#"{"devices":[3,4],"next_offset":"c2"}"#),
        ]);
        let (items, truncated) = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            client.list_all(Request::get("/zdx/v1/devices"), Paging::Cursor, 2, 3),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!((items.len(), truncated), (3, true));
        let log = server.api_log();
        assert_eq!(
            log[log.len() - 1].query().get("offset").map(String::as_str),
            Some("c1")
        );
    }
}
