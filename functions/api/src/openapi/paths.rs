//! One documented operation per route. The functions are never called: each attribute
//! documents the handler of the same route in `crate::routes`.
#![allow(dead_code)]

use crate::openapi::ProblemBody;
use crate::routes::domains::CreateDomain;
use crate::routes::senders::{CreateSender, PatchSender};
use crate::routes::suppressions::AddSuppression;
use crate::views::{DomainView, ListView, RecordView, ReputationView, SenderView, SuppressionView};

const PROBLEM: &str = "application/problem+json";

#[utoipa::path(get, path = "/openapi.json", tag = "contract", security(()),
    responses((status = 200, description = "This document", content_type = "application/json", body = Object)))]
pub fn openapi_document() {}

#[utoipa::path(post, path = "/v1/domains", tag = "domains", request_body = CreateDomain,
    responses(
        (status = 201, description = "Added: pending, with the DNS records to publish", body = DomainView),
        (status = "4XX", description = "Invalid name, a name held by another account, or a bad request", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable (503, Retry-After); nothing was kept", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn add_domain() {}

#[utoipa::path(get, path = "/v1/domains", tag = "domains",
    params(("limit" = Option<u32>, Query, description = "1 to 100, default 25"), ("cursor" = Option<String>, Query, description = "next_cursor of the previous page")),
    responses(
        (status = 200, description = "A page of the tenant's subdomains", body = ListView<DomainView>),
        (status = "4XX", description = "Bad limit or cursor", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn list_domains() {}

#[utoipa::path(get, path = "/v1/domains/{id}", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The subdomain", body = DomainView),
        (status = "4XX", description = "Unknown, or another tenant's", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn get_domain() {}

#[utoipa::path(delete, path = "/v1/domains/{id}", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 204, description = "Deleted, with its SES identity"),
        (status = "4XX", description = "Unknown, not an admin, or senders still use it (409)", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn delete_domain() {}

#[utoipa::path(get, path = "/v1/domains/{id}/dns-records", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The records, in order: DKIM CNAMEs, MAIL FROM MX and SPF, DMARC, each with its DNS `check`: \
            the last stored one while younger than five minutes and about the same records, else a fresh look (no SES call)", body = ListView<RecordView>),
        (status = "4XX", description = "Unknown, or another tenant's", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn domain_records() {}

#[utoipa::path(post, path = "/v1/domains/{id}/dns-check", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A fresh DNS check of every record, stored; no SES call. Same shape as dns-records", body = ListView<RecordView>),
        (status = "4XX", description = "Unknown, or another tenant's", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "DNS checks not configured (503)", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn check_domain_dns() {}

#[utoipa::path(post, path = "/v1/domains/{id}/verify", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The fresh status from SES, stored", body = DomainView),
        (status = "4XX", description = "Unknown, or another tenant's", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn verify_domain() {}

#[utoipa::path(post, path = "/v1/domains/{id}/restart", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A fresh SES identity: new DKIM tokens, records and deadline", body = DomainView),
        (status = "4XX", description = "Unknown, not an admin, or already verified (409)", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn restart_domain() {}

#[utoipa::path(post, path = "/v1/senders", tag = "senders", request_body = CreateSender,
    responses(
        (status = 201, description = "Added; an email sender is pending until its link is followed", body = SenderView),
        (status = "4XX", description = "Invalid fields, or an address held elsewhere (409)", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable; nothing was kept", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn add_sender() {}

#[utoipa::path(get, path = "/v1/senders", tag = "senders",
    params(("limit" = Option<u32>, Query, description = "1 to 100, default 25"), ("cursor" = Option<String>, Query)),
    responses(
        (status = 200, description = "The default sender first, then the tenant's", body = ListView<SenderView>),
        (status = "4XX", description = "Bad limit or cursor", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "Storage unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn list_senders() {}

#[utoipa::path(get, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path, description = "a sender id, or `default`")),
    responses(
        (status = 200, description = "The sender with its live status", body = SenderView),
        (status = "4XX", description = "Unknown, or another tenant's", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn get_sender() {}

#[utoipa::path(patch, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path)), request_body = PatchSender,
    responses(
        (status = 200, description = "Changed", body = SenderView),
        (status = "4XX", description = "Invalid fields; the default sender is read-only and accepts no Reply-To", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn update_sender() {}

#[utoipa::path(delete, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = "4XX", description = "Unknown, not an admin, or the default sender (409)", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn delete_sender() {}

#[utoipa::path(post, path = "/v1/senders/{id}/verify", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The fresh status", body = SenderView),
        (status = "4XX", description = "Unknown, or another tenant's", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn verify_sender() {}

#[utoipa::path(post, path = "/v1/senders/{id}/resend-verification", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A new verification mail was sent", body = SenderView),
        (status = "4XX", description = "Unknown, verified already, or not an email sender (409)", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn resend_verification() {}

#[utoipa::path(post, path = "/v1/senders/{id}/restart", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The same as resend-verification", body = SenderView),
        (status = "4XX", description = "Unknown, verified already, or not an email sender (409)", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "SES unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn restart_sender() {}

#[utoipa::path(get, path = "/v1/senders/{id}/reputation", tag = "reputation", params(("id" = String, Path)),
    responses(
        (status = 200, description = "Counts, rates and level over the rolling window; the pause, if any", body = ReputationView),
        (status = "4XX", description = "Unknown, another tenant's, or the default sender", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "Storage unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn sender_reputation() {}

#[utoipa::path(post, path = "/v1/senders/{id}/resume", tag = "reputation", params(("id" = String, Path)),
    responses(
        (status = 200, description = "Resumed: counting starts afresh", body = SenderView),
        (status = "4XX", description = "Unknown, not an admin, or not paused (409)", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "Storage unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn resume_sender() {}

#[utoipa::path(get, path = "/v1/suppressions", tag = "suppressions",
    params(("limit" = Option<u32>, Query, description = "1 to 100, default 25"), ("cursor" = Option<String>, Query)),
    responses(
        (status = 200, description = "A page of the tenant's suppression list, by address", body = ListView<SuppressionView>),
        (status = "4XX", description = "Bad limit or cursor", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "Storage unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn list_suppressions() {}

#[utoipa::path(post, path = "/v1/suppressions", tag = "suppressions", request_body = AddSuppression,
    responses(
        (status = 201, description = "Added by hand", body = SuppressionView),
        (status = "4XX", description = "Invalid address or reason, not an admin, or already listed (409)", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "Storage unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn add_suppression() {}

#[utoipa::path(get, path = "/v1/suppressions/{email}", tag = "suppressions",
    params(("email" = String, Path, description = "the address, percent-encoded; a malformed one is not found")),
    responses(
        (status = 200, description = "The entry", body = SuppressionView),
        (status = "4XX", description = "Not on the tenant's list", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn get_suppression() {}

#[utoipa::path(delete, path = "/v1/suppressions/{email}", tag = "suppressions",
    params(("email" = String, Path, description = "the address, percent-encoded")),
    responses(
        (status = 204, description = "Removed: the address can be mailed again"),
        (status = "4XX", description = "Not on the tenant's list, or not an admin", body = ProblemBody, content_type = PROBLEM),
        (status = "5XX", description = "Storage unavailable", body = ProblemBody, content_type = PROBLEM),
    ))]
pub fn delete_suppression() {}
