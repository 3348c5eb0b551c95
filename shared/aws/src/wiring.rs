//! Every adapter, built from one `SdkConfig` and the deployment's environment, as the
//! domain's [`Ports`]; the use cases are then built from those by `domain::wiring`.

use std::sync::Arc;

use aws_config::SdkConfig;
use domain::ports::{
    AccountSuppression, Clock, DnsLookup, FollowUps, IdentityListing, NoFollowUps,
};
use domain::ses_budget::BudgetSettings;
use domain::wiring::{IngestPorts, Ports, SweepPorts};

use crate::budget_settings::budget_from_env;
use crate::config::{ConfigError, optional, required};
use crate::dns::DnsResolver;
use crate::dns_counts::{CountingLookup, DNS_LOOKUPS};
use crate::dynamo::{DynamoBudget, DynamoStore};
use crate::feedback_settings::mirror_from_env;
use crate::metrics::namespace_from_env;
use crate::scheduler::{SchedulerFollowUps, SchedulerSettings};
use crate::ses::SesIdentities;
use crate::ses_metrics::EmfSesCalls;
use crate::ses_suppression::SesAccountSuppression;

/// Where the adapters point, as a deployment sets it in its environment.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// The DynamoDB table (`TABLE_NAME`).
    pub table: String,
    /// The SES configuration set new identities publish events to (`SES_CONFIGURATION_SET`).
    pub configuration_set: Option<String>,
    /// Follow-up schedules (`SCHEDULE_GROUP`, `SWEEP_FUNCTION_ARN`, `SCHEDULER_ROLE_ARN`, and
    /// `SCHEDULER_DLQ_ARN` if set);
    /// without all three, none: the periodic sweep alone then checks what is due.
    pub followups: Option<SchedulerSettings>,
    /// Whether suppressions are mirrored to the SES account-level list
    /// (`MIRROR_ACCOUNT_SUPPRESSION`).
    pub mirror_account_suppression: bool,
    /// The DNS server the record checks ask (`DNS_RESOLVER`, else the system's); `None`: no
    /// DNS checks.
    pub dns: Option<DnsResolver>,
    /// The account-wide SES budget (`SES_BUDGET*`, see [`crate::budget_settings`]); `None`:
    /// SES calls are not budgeted.
    pub ses_budget: Option<BudgetSettings>,
}

impl Deployment {
    /// Only a table: no configuration set, no follow-ups, no mirror.
    pub fn table(table: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            configuration_set: None,
            followups: None,
            mirror_account_suppression: false,
            dns: None,
            ses_budget: None,
        }
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        let followups = match (
            optional("SCHEDULE_GROUP"),
            optional("SWEEP_FUNCTION_ARN"),
            optional("SCHEDULER_ROLE_ARN"),
        ) {
            (Some(group), Some(target_arn), Some(role_arn)) => Some(SchedulerSettings {
                group,
                target_arn,
                role_arn,
                dead_letter_arn: optional("SCHEDULER_DLQ_ARN"),
            }),
            _ => None,
        };
        Ok(Self {
            table: required("TABLE_NAME")?,
            configuration_set: optional("SES_CONFIGURATION_SET"),
            followups,
            mirror_account_suppression: mirror_from_env()?,
            dns: Some(DnsResolver::from_env()?),
            ses_budget: budget_from_env()?,
        })
    }
}

/// The adapters for `deployment`, every client built from `sdk`.
pub fn ports(sdk: &SdkConfig, deployment: &Deployment, clock: Arc<dyn Clock>) -> Ports {
    let store = dynamo_store(sdk, deployment);
    let verification = verification_ports(sdk, deployment, store.clone(), clock.clone());
    // The SES adapter in `verification` is already budgeted when the deployment says so.
    Ports::over_store(store, verification.ses, clock)
        .with_listing(verification.listing)
        .with_followups(verification.followups)
        .with_dns(verification.dns)
        .with_account_suppression(account_mirror(sdk, deployment))
}

/// Only the adapters of the subdomain and sender use cases and the sweep: no idempotency,
/// feedback, counter or suppression calls, which the sweep function never makes and so does
/// not carry.
pub fn sweep_ports(sdk: &SdkConfig, deployment: &Deployment, clock: Arc<dyn Clock>) -> SweepPorts {
    verification_ports(sdk, deployment, dynamo_store(sdk, deployment), clock)
}

fn dynamo_store(sdk: &SdkConfig, deployment: &Deployment) -> Arc<DynamoStore> {
    Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::new(sdk),
        deployment.table.clone(),
    ))
}

fn verification_ports(
    sdk: &SdkConfig,
    deployment: &Deployment,
    store: Arc<DynamoStore>,
    clock: Arc<dyn Clock>,
) -> SweepPorts {
    let ses = Arc::new(SesIdentities::new(
        aws_sdk_sesv2::Client::new(sdk),
        deployment.configuration_set.clone(),
    ));
    let followups: Arc<dyn FollowUps> = match &deployment.followups {
        Some(settings) => Arc::new(SchedulerFollowUps::new(
            aws_sdk_scheduler::Client::new(sdk),
            settings.clone(),
        )),
        None => {
            tracing::warn!(
                "no follow-up schedules: SCHEDULE_GROUP, SWEEP_FUNCTION_ARN or SCHEDULER_ROLE_ARN is unset"
            );
            Arc::new(NoFollowUps)
        }
    };
    // Counted by outcome for the functions' DnsLookups metrics.
    let dns = deployment.dns.map(|resolver| {
        Arc::new(CountingLookup::new(
            Arc::new(resolver.lookup()),
            &DNS_LOOKUPS,
        )) as Arc<dyn DnsLookup>
    });
    let ports = SweepPorts {
        domains: store.clone(),
        senders: store.clone(),
        due: store.clone(),
        reconcile: store.clone(),
        ses: ses.clone(),
        listing: Some(ses as Arc<dyn IdentityListing>),
        followups,
        dns,
        clock,
    };
    match &deployment.ses_budget {
        Some(settings) => ports.with_ses_budget(
            Arc::new(DynamoBudget::new((*store).clone(), settings.clone())),
            Arc::new(EmfSesCalls::new(namespace_from_env())),
            Arc::new(domain::ports::clock::SystemClock),
            settings.clone(),
        ),
        None => ports,
    }
}

/// Only the adapters feedback ingestion uses (the table, and the SES account-level list when
/// suppressions are mirrored): no identity, Scheduler or DNS adapter, whose calls the feedback
/// function never makes and so does not carry.
pub fn ingest_ports(
    sdk: &SdkConfig,
    deployment: &Deployment,
    clock: Arc<dyn Clock>,
) -> IngestPorts {
    let store = dynamo_store(sdk, deployment);
    IngestPorts {
        feedback: store.clone(),
        suppressions: store.clone(),
        counters: store.clone(),
        senders: store,
        account_suppression: account_mirror(sdk, deployment),
        clock,
    }
}

/// The SES account-level suppression list, when the deployment mirrors suppressions to it.
fn account_mirror(sdk: &SdkConfig, deployment: &Deployment) -> Option<Arc<dyn AccountSuppression>> {
    deployment.mirror_account_suppression.then(|| {
        Arc::new(SesAccountSuppression::new(aws_sdk_sesv2::Client::new(sdk)))
            as Arc<dyn AccountSuppression>
    })
}

/// The adapters for the deployment in the environment, on the system clock.
pub fn ports_from_env(sdk: &SdkConfig) -> Result<Ports, ConfigError> {
    Ok(ports(
        sdk,
        &Deployment::from_env()?,
        Arc::new(domain::ports::clock::SystemClock),
    ))
}

/// The sweep's adapters for the deployment in the environment, on the system clock.
pub fn sweep_ports_from_env(sdk: &SdkConfig) -> Result<SweepPorts, ConfigError> {
    Ok(sweep_ports(
        sdk,
        &Deployment::from_env()?,
        Arc::new(domain::ports::clock::SystemClock),
    ))
}
