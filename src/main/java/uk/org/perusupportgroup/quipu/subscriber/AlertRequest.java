package uk.org.perusupportgroup.quipu.subscriber;

import java.util.List;

/**
 * What a person asked for on the sign-up form or through the JSON API, already validated, with the facts of their
 * consent.
 *
 * @param ip the address the request came from
 * @param formVersion which version of the form (and its consent wording) was shown
 * @param wording the consent text shown to the person
 */
public record AlertRequest(String email, String query, List<String> topics, List<String> regions,
        Frequency frequency, String language, String ip, String formVersion, String wording) {

    public AlertRequest {
        topics = List.copyOf(topics);
        regions = List.copyOf(regions);
    }
}
