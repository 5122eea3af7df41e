package org.libertas.app;

/** A configuration value is wrong; the message names the variable so start-up can stop on it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
