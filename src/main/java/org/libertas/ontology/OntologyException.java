package org.libertas.ontology;

/**
 * An ontology (bundled or draft) that cannot be used: the message says what is missing or wrong.
 */
public final class OntologyException extends RuntimeException {
  public OntologyException(String message) {
    super(message, null, false, false);
  }
}
