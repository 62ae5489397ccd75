package org.ganworkbench.losses;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.TranslationWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pix2pix's L1 term and pix2pixHD's feature matching, against closed forms. */
class TranslationTermsTest {

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void featureMatchingIsZeroForIdenticalFeaturesAndFourTimesTheMeanOfMeansOtherwise(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            NDList real = new NDList(m.randomNormal(new Shape(2, 4, 8, 8)), m.randomNormal(new Shape(2, 8, 4, 4)));
            NDList same = new NDList(real.get(0).duplicate(), real.get(1).duplicate());
            assertEquals(0f, TranslationTerms.featureMatching(same, real).getFloat(), 0f);

            // |fake - real| is 1 everywhere in the first tensor, 3 in the second: means 1 and 3, their mean 2, times 4
            NDList fake = new NDList(real.get(0).add(1), real.get(1).sub(3));
            assertEquals(8f, TranslationTerms.featureMatching(fake, real).getFloat(), 1e-4f);
            // the tensor sizes do not weigh: the small second tensor counts as much as the large first one
            NDList onlySecond = new NDList(real.get(0), real.get(1).sub(3));
            assertEquals(6f, TranslationTerms.featureMatching(onlySecond, real).getFloat(), 1e-4f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void l1IsTheMeanAbsoluteDifferenceAndTheWeightsAddTheTermsUp(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            var real = m.create(new float[] {-1, 0, 0.5f, 1}, new Shape(1, 1, 2, 2));
            var fake = m.create(new float[] {1, 0, 0, 0.5f}, new Shape(1, 1, 2, 2));
            assertEquals((2 + 0 + 0.5 + 0.5) / 4, TranslationTerms.l1(fake, real).getFloat(), 1e-6);

            NDList fr = new NDList(m.ones(new Shape(1, 2, 2, 2)));
            NDList ff = new NDList(m.zeros(new Shape(1, 2, 2, 2)));
            TranslationTerms.Values v = new TranslationTerms(new TranslationWeights(1, 100, 10))
                    .generatorTerms(fake, real, () -> ff, () -> fr);
            assertEquals(0.75, v.l1(), 1e-6);
            assertEquals(4.0, v.featureMatching(), 1e-6);
            assertEquals(100 * 0.75 + 10 * 4.0, v.total().getFloat(), 1e-4);

            // a term whose weight is 0 is not computed: its features are never asked for
            TranslationTerms.Values l1Only = new TranslationTerms(new TranslationWeights(1, 100, 0))
                    .generatorTerms(fake, real, () -> { throw new AssertionError("features asked for"); },
                            () -> { throw new AssertionError("features asked for"); });
            assertEquals(75, l1Only.total().getFloat(), 1e-4);
            assertTrue(Double.isNaN(l1Only.featureMatching()));
            assertNull(new TranslationTerms(new TranslationWeights(1, 0, 0)).generatorTerms(fake, real, null, null).total());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET})
    void mismatchedFeaturesAndWeightsAreRefusedByName(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            NDList a = new NDList(m.zeros(new Shape(1, 2, 4, 4)));
            NDList b = new NDList(m.zeros(new Shape(1, 2, 2, 2)));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> TranslationTerms.featureMatching(a, b))
                    .getMessage().contains("feature 0"));
            assertThrows(IllegalArgumentException.class, () -> TranslationTerms.featureMatching(a, new NDList()));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> TranslationTerms.l1(a.get(0), b.get(0)))
                    .getMessage().contains("differ in shape"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TranslationWeights(0, 0, 0))
                .getMessage().contains("at least one term"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TranslationWeights(1, -1, 0))
                .getMessage().contains("l1_weight"));
    }
}
