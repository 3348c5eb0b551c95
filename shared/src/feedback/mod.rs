//! SES feedback notifications (bounces, complaints, deliveries, sends), parsed.
