package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.media.MediaRefusedException;

/**
 * The sentence a refused upload is answered with, for the composition: a photo or document under feeds/media/ that is
 * refused is reported with the same sentence on {@code /health} and the staff pages.
 */
public final class MediaRefusals {

    private MediaRefusals() {}

    /** The refusal's sentence, its values filled in, as plain text. */
    public static String sentence(MediaRefusedException refused) {
        return MediaHandler.problem(refused).message();
    }
}
