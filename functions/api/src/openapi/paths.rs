//! One documented operation per route. The functions are never called: each attribute
//! documents the handler of the same route in `crate::routes`.
#![allow(dead_code)]

use crate::openapi::Problems;
use crate::routes::domains::CreateDomain;
use crate::routes::senders::{CreateSender, PatchSender};
use crate::routes::suppressions::AddSuppression;
use crate::views::{DomainView, ListView, RecordView, ReputationView, SenderView, SuppressionView};

#[utoipa::path(get, path = "/openapi.json", tag = "contract", security(()),
    responses((status = 200, description = "This document", content_type = "application/json", body = Object)))]
pub fn openapi_document() {}

#[utoipa::path(description = "Refused (4XX): invalid name, already added (409 subdomain-already-added), a name held by another account (409 subdomain-held-elsewhere), a name SES rejects (422 ses-rejected), or a bad request. Failed (5XX): SES unavailable (503, Retry-After), the SES identity quota full (507 identity-quota-exhausted; no retry helps), or the deployment's SES configuration set missing (500 ses-configuration-set-missing); nothing was kept.",
    post, path = "/v1/domains", tag = "domains", request_body = CreateDomain,
    responses(
        (status = 201, description = "Added: pending, with the DNS records to publish", body = DomainView),
        Problems,
    ))]
pub fn add_domain() {}

#[utoipa::path(description = "Refused (4XX): bad limit or cursor.",
    get, path = "/v1/domains", tag = "domains",
    params(("limit" = Option<u32>, Query, description = "1 to 100, default 25"), ("cursor" = Option<String>, Query, description = "next_cursor of the previous page")),
    responses(
        (status = 200, description = "A page of the tenant's subdomains", body = ListView<DomainView>),
        Problems,
    ))]
pub fn list_domains() {}

#[utoipa::path(description = "Refused (4XX): unknown, or another tenant's.",
    get, path = "/v1/domains/{id}", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The subdomain", body = DomainView),
        Problems,
    ))]
pub fn get_domain() {}

#[utoipa::path(description = "Refused (4XX): unknown, not an admin, or senders still use it (409 subdomain-in-use). Failed (5XX): SES unavailable.",
    delete, path = "/v1/domains/{id}", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 204, description = "Deleted, with its SES identity"),
        Problems,
    ))]
pub fn delete_domain() {}

#[utoipa::path(description = "Refused (4XX): unknown, or another tenant's.",
    get, path = "/v1/domains/{id}/dns-records", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The records, in order: DKIM CNAMEs, MAIL FROM MX and SPF, DMARC, each with its DNS `check`: \
            the last stored one while younger than five minutes and about the same records, else a fresh look (no SES call)", body = ListView<RecordView>),
        Problems,
    ))]
pub fn domain_records() {}

#[utoipa::path(description = "Refused (4XX): unknown, or another tenant's. Failed (5XX): DNS checks not configured (503).",
    post, path = "/v1/domains/{id}/dns-check", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A fresh DNS check of every record, stored; no SES call. Same shape as dns-records", body = ListView<RecordView>),
        Problems,
    ))]
pub fn check_domain_dns() {}

#[utoipa::path(description = "Refused (4XX): unknown, or another tenant's. Failed (5XX): SES unavailable.",
    post, path = "/v1/domains/{id}/verify", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The fresh status from SES, stored", body = DomainView),
        Problems,
    ))]
pub fn verify_domain() {}

#[utoipa::path(description = "Refused (4XX): unknown, not an admin, or already verified (409 already-verified). Failed (5XX): SES unavailable.",
    post, path = "/v1/domains/{id}/restart", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A fresh SES identity: new DKIM tokens, records and deadline", body = DomainView),
        Problems,
    ))]
pub fn restart_domain() {}

#[utoipa::path(description = "Refused (4XX): invalid fields, or an address already used (409 address-taken), on the tenant's own subdomain (409 address-on-own-subdomain) or on another account's (409 address-held-elsewhere). Failed (5XX): SES unavailable (503), the SES identity quota full (507 identity-quota-exhausted; no retry helps), or the deployment's SES configuration set missing (500 ses-configuration-set-missing); nothing was kept.",
    post, path = "/v1/senders", tag = "senders", request_body = CreateSender,
    responses(
        (status = 201, description = "Added; an email sender is pending until its link is followed", body = SenderView),
        Problems,
    ))]
pub fn add_sender() {}

#[utoipa::path(description = "Refused (4XX): bad limit or cursor. Failed (5XX): storage unavailable.",
    get, path = "/v1/senders", tag = "senders",
    params(("limit" = Option<u32>, Query, description = "1 to 100, default 25"), ("cursor" = Option<String>, Query)),
    responses(
        (status = 200, description = "The default sender first, then the tenant's", body = ListView<SenderView>),
        Problems,
    ))]
pub fn list_senders() {}

#[utoipa::path(description = "Refused (4XX): unknown, or another tenant's.",
    get, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path, description = "a sender id, or `default`")),
    responses(
        (status = 200, description = "The sender with its live status", body = SenderView),
        Problems,
    ))]
pub fn get_sender() {}

#[utoipa::path(description = "Refused (4XX): invalid fields; the default sender is read-only and accepts no Reply-To (409 default-sender-read-only); changed meanwhile (409 changed-meanwhile).",
    patch, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path)), request_body = PatchSender,
    responses(
        (status = 200, description = "Changed", body = SenderView),
        Problems,
    ))]
pub fn update_sender() {}

#[utoipa::path(description = "Refused (4XX): unknown, not an admin, or the default sender (409 default-sender-read-only). Failed (5XX): SES unavailable.",
    delete, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 204, description = "Deleted"),
        Problems,
    ))]
pub fn delete_sender() {}

#[utoipa::path(description = "Refused (4XX): unknown, or another tenant's. Failed (5XX): SES unavailable.",
    post, path = "/v1/senders/{id}/verify", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The fresh status", body = SenderView),
        Problems,
    ))]
pub fn verify_sender() {}

#[utoipa::path(description = "Refused (4XX): unknown, verified already (409 already-verified), or not an email sender (409 not-an-email-sender). Failed (5XX): SES unavailable.",
    post, path = "/v1/senders/{id}/resend-verification", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A new verification mail was sent", body = SenderView),
        Problems,
    ))]
pub fn resend_verification() {}

#[utoipa::path(description = "Refused (4XX): unknown, verified already (409 already-verified), or not an email sender (409 not-an-email-sender). Failed (5XX): SES unavailable.",
    post, path = "/v1/senders/{id}/restart", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The same as resend-verification", body = SenderView),
        Problems,
    ))]
pub fn restart_sender() {}

#[utoipa::path(description = "Refused (4XX): unknown, another tenant's, or the default sender. Failed (5XX): storage unavailable.",
    get, path = "/v1/senders/{id}/reputation", tag = "reputation", params(("id" = String, Path)),
    responses(
        (status = 200, description = "Counts, rates and level over the rolling window; the pause, if any", body = ReputationView),
        Problems,
    ))]
pub fn sender_reputation() {}

#[utoipa::path(description = "Refused (4XX): unknown, not an admin, or not paused (409 sender-not-paused). Failed (5XX): storage unavailable.",
    post, path = "/v1/senders/{id}/resume", tag = "reputation", params(("id" = String, Path)),
    responses(
        (status = 200, description = "Resumed: counting starts afresh", body = SenderView),
        Problems,
    ))]
pub fn resume_sender() {}

#[utoipa::path(description = "Refused (4XX): bad limit or cursor. Failed (5XX): storage unavailable.",
    get, path = "/v1/suppressions", tag = "suppressions",
    params(("limit" = Option<u32>, Query, description = "1 to 100, default 25"), ("cursor" = Option<String>, Query)),
    responses(
        (status = 200, description = "A page of the tenant's suppression list, by address", body = ListView<SuppressionView>),
        Problems,
    ))]
pub fn list_suppressions() {}

#[utoipa::path(description = "Refused (4XX): invalid address or reason, not an admin, or already listed (409 already-suppressed). Failed (5XX): storage unavailable.",
    post, path = "/v1/suppressions", tag = "suppressions", request_body = AddSuppression,
    responses(
        (status = 201, description = "Added by hand", body = SuppressionView),
        Problems,
    ))]
pub fn add_suppression() {}

#[utoipa::path(description = "Refused (4XX): not on the tenant's list.",
    get, path = "/v1/suppressions/{email}", tag = "suppressions",
    params(("email" = String, Path, description = "the address, percent-encoded; a malformed one is not found")),
    responses(
        (status = 200, description = "The entry", body = SuppressionView),
        Problems,
    ))]
pub fn get_suppression() {}

#[utoipa::path(description = "Refused (4XX): not on the tenant's list, or not an admin. Failed (5XX): storage unavailable.",
    delete, path = "/v1/suppressions/{email}", tag = "suppressions",
    params(("email" = String, Path, description = "the address, percent-encoded")),
    responses(
        (status = 204, description = "Removed: the address can be mailed again"),
        Problems,
    ))]
pub fn delete_suppression() {}
