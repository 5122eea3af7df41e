package org.libertas.screening;

/**
 * What is screened: a recruiter or supplier as the tenant wrote it. Country and identifier are
 * optional because uploads often lack them; when present they sharpen the answer.
 *
 * @param country ISO 3166-1 alpha-2 code, or {@code null}
 * @param identifier licence or registration number, or {@code null}
 */
public record Query(String name, String country, String identifier) {

  public static Query of(String name) {
    return new Query(name, null, null);
  }
}
