package org.libertas.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Our own Jaro-Winkler against the values published with the algorithm. */
class JaroWinklerTest {

  @Test
  void knownValuesFromWinkler() {
    assertThat(JaroWinkler.similarity("MARTHA", "MARHTA")).isCloseTo(0.961, within(0.001));
    assertThat(JaroWinkler.similarity("DWAYNE", "DUANE")).isCloseTo(0.840, within(0.001));
    assertThat(JaroWinkler.similarity("DIXON", "DICKSONX")).isCloseTo(0.813, within(0.001));
  }

  @Test
  void symmetric() {
    assertThat(JaroWinkler.similarity("DUANE", "DWAYNE"))
        .isEqualTo(JaroWinkler.similarity("DWAYNE", "DUANE"));
    assertThat(JaroWinkler.similarity("golden bridge", "bridge golden"))
        .isEqualTo(JaroWinkler.similarity("bridge golden", "golden bridge"));
  }

  @Test
  void boundaries() {
    assertThat(JaroWinkler.similarity("abc", "abc")).isEqualTo(1.0);
    assertThat(JaroWinkler.similarity("", "abc")).isZero();
    assertThat(JaroWinkler.similarity("abc", "xyz")).isZero();
    assertThat(JaroWinkler.similarity("abcd", "abce")).isLessThan(1.0);
  }
}
