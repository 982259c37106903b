package uk.org.perusupportgroup.quipu.alert;

import uk.org.perusupportgroup.quipu.store.DeliveryStore;

/**
 * What the web layer is given for alerts.
 *
 * @param enabled alerts.enabled: when false the sign-up pages say alerts are off
 */
public record Alerts(boolean enabled, AlertService service, DeliveryStore deliveries, AlertComposer composer,
        SignupLimiter limiter, SearchService search) {}
