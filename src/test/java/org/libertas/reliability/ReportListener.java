package org.libertas.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Renders the report when a test run ends, if {@code libertas.reliability.report} names the file
 * (the reliability profile sets it for the Failsafe run, which comes after Surefire's fuzzing).
 * Registered in META-INF/services; without the property it does nothing.
 */
public final class ReportListener implements TestExecutionListener {
  private final List<String> failures = new ArrayList<>();

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    if (System.getProperty("libertas.reliability.report") != null) {
      Figures.record(0, "load average when the integration run started", Report.loadAverage(), "");
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (id.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
      failures.add(id.getLegacyReportingName() + " [" + id.getUniqueId() + "]");
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    String out = System.getProperty("libertas.reliability.report");
    if (out == null) {
      return;
    }
    String since = System.getProperty("libertas.reliability.since");
    try {
      Report.render(
          Path.of(out), since == null || since.isBlank() ? null : Instant.parse(since), failures);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
