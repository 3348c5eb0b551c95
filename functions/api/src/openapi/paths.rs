//! One documented operation per route. The functions are never called: each attribute
//! documents the handler of the same route in `crate::routes`.
#![allow(dead_code)]

use crate::openapi::Problems;
use crate::routes::domains::CreateDomain;
use crate::routes::senders::{NewSenderDoc, PatchSender};
use crate::routes::suppressions::AddSuppression;
use crate::views::{DomainView, ListView, RecordView, ReputationView, SenderView, SuppressionView};

/// The OpenAPI document
///
/// This contract, generated from the code: every route, body, response and problem type. Needs no
/// token.
#[utoipa::path(get, path = "/openapi.json", tag = "contract", security(()),
    responses((status = 200, description = "This document", content_type = "application/json", body = Object)))]
pub fn openapi_document() {}

/// Add a sending subdomain
///
/// Creates the SES domain identity for a subdomain of a domain the tenant owns
/// (`marketing.example.com`, never `example.com` itself nor a public suffix) and answers the DNS
/// records to publish: three DKIM CNAMEs, the custom MAIL FROM MX and SPF TXT, a recommended DMARC
/// TXT. It starts pending (yellow); SES gives up after 72 hours (red). A subdomain that stays red
/// is released after a grace period (default 7 days): its SES identity deleted, its name freed,
/// status `expired`. A name held by another tenant, or above or below one, answers 409. Admin
/// only.
///
/// Refused (4XX): invalid name, already added (409 subdomain-already-added), a name held by another
/// account (409 subdomain-held-elsewhere), or held by another account that has not verified it yet
/// (409 subdomain-held-pending-verification: it lapses unless verified), a name SES rejects (422 ses-rejected), or a bad request.
/// Failed (5XX): SES unavailable (503, Retry-After), the SES identity quota full (507
/// identity-quota-exhausted; no retry helps), or the deployment's SES configuration set missing
/// (500 ses-configuration-set-missing); nothing was kept.
#[utoipa::path(post, path = "/v1/domains", tag = "domains", request_body = CreateDomain,
    responses(
        (status = 201, description = "Added: pending, with the DNS records to publish", body = DomainView),
        Problems,
    ))]
pub fn add_domain() {}

/// List the tenant's subdomains
///
/// A page of the tenant's sending subdomains with their status. Follow `next_cursor`
/// for the next page.
///
/// Refused (4XX): bad limit or cursor.
#[utoipa::path(get, path = "/v1/domains", tag = "domains",
    params(("limit" = Option<u32>, Query, minimum = 1, maximum = 100, description = "Page size: 1 to 100, default 25"), ("cursor" = Option<String>, Query, min_length = 1, max_length = 2048, pattern = "^[A-Za-z0-9_-]+$", description = "The `next_cursor` of the previous page, as it was; anything else answers 400")),
    responses(
        (status = 200, description = "A page of the tenant's subdomains", body = ListView<DomainView>),
        Problems,
    ))]
pub fn list_domains() {}

/// Read a subdomain
///
/// The subdomain with its stored status and records. Another tenant's id answers 404, like an
/// unknown one.
///
/// Refused (4XX): unknown, or another tenant's.
#[utoipa::path(get, path = "/v1/domains/{id}", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The subdomain", body = DomainView),
        Problems,
    ))]
pub fn get_domain() {}

/// Delete a subdomain
///
/// Removes the subdomain and its SES identity. Refused with 409 while senders use it. Admin only.
///
/// Refused (4XX): unknown, not an admin, or senders still use it (409 subdomain-in-use). Failed
/// (5XX): SES unavailable.
#[utoipa::path(delete, path = "/v1/domains/{id}", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 204, description = "Deleted, with its SES identity"),
        Problems,
    ))]
pub fn delete_domain() {}

/// The DNS records of a subdomain
///
/// The records the tenant's IT must publish, in order: DKIM CNAMEs, MAIL FROM MX and SPF TXT, then
/// the recommended DMARC TXT.
///
/// Refused (4XX): unknown, or another tenant's.
#[utoipa::path(get, path = "/v1/domains/{id}/dns-records", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The records, in order: DKIM CNAMEs, MAIL FROM MX and SPF, DMARC, each with its DNS `check`: \
            the last stored one while younger than five minutes and about the same records, else a fresh look (no SES call)", body = ListView<RecordView>),
        Problems,
    ))]
pub fn domain_records() {}

/// Check the DNS records now
///
/// Looks at DNS now, record by record, stores the result and answers the records with their
/// `check`, in the shape of dns-records. No SES call.
///
/// Refused (4XX): unknown, or another tenant's. Failed (5XX): DNS checks not configured (503).
#[utoipa::path(post, path = "/v1/domains/{id}/dns-check", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A fresh DNS check of every record, stored; no SES call. Same shape as dns-records", body = ListView<RecordView>),
        Problems,
    ))]
pub fn check_domain_dns() {}

/// Verify Status now
///
/// Asks SES for the identity's status now, stores it and answers it (the sweep also does this by
/// itself on a schedule). SES's budget is shared by every account: a subdomain SES was asked
/// about within the last minute answers its stored status (until `fresh_until`), and a spent
/// budget answers 429 ses-budget-spent with `Retry-After`.
///
/// Refused (4XX): unknown, or another tenant's; the shared SES budget spent for now (429
/// ses-budget-spent, Retry-After). Failed (5XX): SES unavailable.
#[utoipa::path(post, path = "/v1/domains/{id}/verify", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The fresh status from SES, stored", body = DomainView),
        Problems,
    ))]
pub fn verify_domain() {}

/// Restart verification
///
/// After SES gave up (72 hours), creates a fresh SES identity: new DKIM tokens, new records to
/// publish, a new deadline. An `expired` subdomain first claims its name again. A verified
/// subdomain whose SES identity lost its custom MAIL FROM setting gets it set again (same
/// identity, same records). Refused with 409 while the subdomain is verified. Admin only.
///
/// Refused (4XX): unknown, not an admin, already verified (409 already-verified), or an expired
/// subdomain's name taken meanwhile (409 subdomain-held-elsewhere or
/// subdomain-held-pending-verification). Failed (5XX): SES unavailable.
#[utoipa::path(post, path = "/v1/domains/{id}/restart", tag = "domains", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A fresh SES identity: new DKIM tokens, records and deadline", body = DomainView),
        Problems,
    ))]
pub fn restart_domain() {}

/// Add a sender
///
/// A From address on one of the tenant's verified subdomains (`kind` `subdomain`, with `domain_id`,
/// optional display name and Reply-To), or a single address (`kind` `email`) that SES verifies by
/// mailing a link. An address held by another tenant, or on or under another tenant's subdomain,
/// answers 409. Admin only.
///
/// Refused (4XX): invalid fields, or an address already used (409 address-taken; 409
/// address-held-pending-verification while another account's sender has not verified it, which
/// lapses unless verified), on the tenant's own subdomain (409 address-on-own-subdomain) or on another account's (409
/// address-held-elsewhere). Failed (5XX): SES unavailable (503), the SES identity quota full (507
/// identity-quota-exhausted; no retry helps), or the deployment's SES configuration set missing
/// (500 ses-configuration-set-missing); nothing was kept.
#[utoipa::path(post, path = "/v1/senders", tag = "senders", request_body = NewSenderDoc,
    responses(
        (status = 201, description = "Added; an email sender is pending until its link is followed", body = SenderView),
        Problems,
    ))]
pub fn add_sender() {}

/// List the senders
///
/// The platform default sender first (read-only, no direct replies), then the tenant's senders,
/// each with its live status.
///
/// Refused (4XX): bad limit or cursor. Failed (5XX): storage unavailable.
#[utoipa::path(get, path = "/v1/senders", tag = "senders",
    params(("limit" = Option<u32>, Query, minimum = 1, maximum = 100, description = "Page size: 1 to 100, default 25"), ("cursor" = Option<String>, Query, min_length = 1, max_length = 2048, pattern = "^[A-Za-z0-9_-]+$", description = "The `next_cursor` of the previous page, as it was; anything else answers 400")),
    responses(
        (status = 200, description = "The default sender first, then the tenant's", body = ListView<SenderView>),
        Problems,
    ))]
pub fn list_senders() {}

/// Read a sender
///
/// One sender by id, or the platform default sender as `default`.
///
/// Refused (4XX): unknown, or another tenant's.
#[utoipa::path(get, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path, description = "a sender id, or `default`")),
    responses(
        (status = 200, description = "The sender with its live status", body = SenderView),
        Problems,
    ))]
pub fn get_sender() {}

/// Change a sender
///
/// Sets `display_name` and `reply_to`; an absent field is left alone, `null` clears it. The default
/// sender is read-only. Admin only.
///
/// Refused (4XX): invalid fields; the default sender is read-only and accepts no Reply-To (409
/// default-sender-read-only); changed meanwhile (409 changed-meanwhile).
#[utoipa::path(patch, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path)), request_body = PatchSender,
    responses(
        (status = 200, description = "Changed", body = SenderView),
        Problems,
    ))]
pub fn update_sender() {}

/// Delete a sender
///
/// Removes the sender; an email sender's SES identity goes with it. Admin only.
///
/// Refused (4XX): unknown, not an admin, or the default sender (409 default-sender-read-only).
/// Failed (5XX): SES unavailable.
#[utoipa::path(delete, path = "/v1/senders/{id}", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 204, description = "Deleted"),
        Problems,
    ))]
pub fn delete_sender() {}

/// Refresh a sender's status
///
/// Asks SES for the sender's identity status now and answers it; within a minute of the last
/// check (`last_checked_at`) it answers the stored status without asking SES.
///
/// Refused (4XX): unknown, or another tenant's; the shared SES budget spent for now (429
/// ses-budget-spent, Retry-After). Failed (5XX): SES unavailable.
#[utoipa::path(post, path = "/v1/senders/{id}/verify", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The fresh status", body = SenderView),
        Problems,
    ))]
pub fn verify_sender() {}

/// Send a new verification link
///
/// For an email sender whose link expired (after 24 hours) or was lost: SES mails a new one. An
/// `expired` sender (released after staying unverified past its grace) first claims its address
/// again. Refused with 409 for a verified sender or a subdomain sender. Admin only.
///
/// Refused (4XX): unknown, verified already (409 already-verified), not an email sender (409
/// not-an-email-sender), or an expired sender's address taken meanwhile (409 address-taken or
/// address-held-pending-verification). Failed (5XX): SES unavailable.
#[utoipa::path(post, path = "/v1/senders/{id}/resend-verification", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "A new verification mail was sent", body = SenderView),
        Problems,
    ))]
pub fn resend_verification() {}

/// Send a new verification link (alias)
///
/// The same as `resend-verification`, named like the subdomain's restart. Admin only.
///
/// Refused (4XX): unknown, verified already (409 already-verified), or not an email sender (409
/// not-an-email-sender). Failed (5XX): SES unavailable.
#[utoipa::path(post, path = "/v1/senders/{id}/restart", tag = "senders", params(("id" = String, Path)),
    responses(
        (status = 200, description = "The same as resend-verification", body = SenderView),
        Problems,
    ))]
pub fn restart_sender() {}

/// A sender's reputation
///
/// Sends, deliveries, hard and soft bounces and complaints over the rolling 7-day window, the
/// bounce and complaint rates, the level they give (ok, warning, paused) and the pause, if any.
///
/// Refused (4XX): unknown, another tenant's, or the default sender. Failed (5XX): storage
/// unavailable.
#[utoipa::path(get, path = "/v1/senders/{id}/reputation", tag = "reputation", params(("id" = String, Path)),
    responses(
        (status = 200, description = "Counts, rates and level over the rolling window; the pause, if any", body = ReputationView),
        Problems,
    ))]
pub fn sender_reputation() {}

/// Resume a paused sender
///
/// A sender paused for its bounce or complaint rate sends again; counting starts afresh. Refused
/// with 409 when it is not paused. Admin only.
///
/// Refused (4XX): unknown, not an admin, or not paused (409 sender-not-paused). Failed (5XX):
/// storage unavailable.
#[utoipa::path(post, path = "/v1/senders/{id}/resume", tag = "reputation", params(("id" = String, Path)),
    responses(
        (status = 200, description = "Resumed: counting starts afresh", body = SenderView),
        Problems,
    ))]
pub fn resume_sender() {}

/// List the suppression list
///
/// A page of the tenant's suppressed addresses (hard bounces, complaints, and those added by hand),
/// by address.
///
/// Refused (4XX): bad limit or cursor. Failed (5XX): storage unavailable.
#[utoipa::path(get, path = "/v1/suppressions", tag = "suppressions",
    params(("limit" = Option<u32>, Query, minimum = 1, maximum = 100, description = "Page size: 1 to 100, default 25"), ("cursor" = Option<String>, Query, min_length = 1, max_length = 2048, pattern = "^[A-Za-z0-9_-]+$", description = "The `next_cursor` of the previous page, as it was; anything else answers 400")),
    responses(
        (status = 200, description = "A page of the tenant's suppression list, by address", body = ListView<SuppressionView>),
        Problems,
    ))]
pub fn list_suppressions() {}

/// Suppress an address
///
/// Adds an address to the tenant's suppression list by hand, with the reason (`hard_bounce` or
/// `complaint`). 409 when it is already listed. Admin only.
///
/// Refused (4XX): invalid address or reason, not an admin, or already listed (409
/// already-suppressed). Failed (5XX): storage unavailable.
#[utoipa::path(post, path = "/v1/suppressions", tag = "suppressions", request_body = AddSuppression,
    responses(
        (status = 201, description = "Added by hand", body = SuppressionView),
        Problems,
    ))]
pub fn add_suppression() {}

/// Read a suppression
///
/// The entry for one address (percent-encoded in the path): why, since when, how often.
///
/// Refused (4XX): not on the tenant's list.
#[utoipa::path(get, path = "/v1/suppressions/{email}", tag = "suppressions",
    params(("email" = String, Path, description = "the address, percent-encoded; a malformed one is not found")),
    responses(
        (status = 200, description = "The entry", body = SuppressionView),
        Problems,
    ))]
pub fn get_suppression() {}

/// Remove a suppression
///
/// The address can be mailed again. Admin only.
///
/// Refused (4XX): not on the tenant's list, or not an admin. Failed (5XX): storage unavailable.
#[utoipa::path(delete, path = "/v1/suppressions/{email}", tag = "suppressions",
    params(("email" = String, Path, description = "the address, percent-encoded")),
    responses(
        (status = 204, description = "Removed: the address can be mailed again"),
        Problems,
    ))]
pub fn delete_suppression() {}
