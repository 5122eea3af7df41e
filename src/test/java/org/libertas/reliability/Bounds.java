package org.libertas.reliability;

import java.time.Duration;

/**
 * How hard the reliability tests push. {@code mvn verify} runs them with the small defaults given
 * here; the {@code reliability} profile sets {@code libertas.reliability.*} system properties to
 * scale them up (see pom.xml and docs/reliability.md).
 */
public final class Bounds {
  private Bounds() {}

  public static int integer(String name, int verifyDefault) {
    return Integer.parseInt(
        System.getProperty("libertas.reliability." + name, Integer.toString(verifyDefault)));
  }

  public static Duration seconds(String name, int verifyDefault) {
    return Duration.ofSeconds(integer(name, verifyDefault));
  }

  /** True under the reliability profile. */
  public static boolean full() {
    return Boolean.getBoolean("libertas.reliability.full");
  }
}
