package uk.org.perusupportgroup.quipu.reach;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * Distinct readers as Apache DataSketches HLL sketches: {@value #LG_K} (4,096 registers of 4 bits, about 1.6 % relative
 * error; a sketch of a few readers stays a short list). Sketches of the same day merge without counting a reader twice,
 * whichever instances and feeds saw them.
 */
final class Readers {

    static final int LG_K = 12;

    private Readers() {}

    static HllSketch sketch() {
        return new HllSketch(LG_K, TgtHllType.HLL_4);
    }

    /** The union of two serialized sketches, serialized. */
    static byte[] merge(byte[] stored, byte[] added) {
        Union union = new Union(LG_K);
        union.update(HllSketch.heapify(stored));
        union.update(HllSketch.heapify(added));
        return union.getResult(TgtHllType.HLL_4).toCompactByteArray();
    }

    /** The estimated distinct readers of a serialized sketch, rounded. */
    static long estimate(byte[] sketch) {
        return Math.round(HllSketch.heapify(sketch).getEstimate());
    }

    /** The union of serialized sketches. */
    static Union union() {
        return new Union(LG_K);
    }
}
