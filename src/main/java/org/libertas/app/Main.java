package org.libertas.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.libertas.store.Postgres;
import org.libertas.store.Tenants;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code serve [--demo]} and {@code keys create --tenant T --role R}. */
@Command(
    name = "libertas",
    mixinStandardHelpOptions = true,
    version = "Libertas 0.1",
    description = "Supply-chain forced-labour due diligence.",
    subcommands = {Main.Serve.class, Main.Keys.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          // One line, no stack trace: the message names what to fix (e.g. the variable).
          cmd.getErr()
              .println("libertas: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return 2;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  @Command(
      name = "serve",
      description = "Start the service (embedded stores unless configured otherwise).")
  static final class Serve implements Callable<Integer> {
    @Option(
        names = "--demo",
        description = "Create tenant 'demo' with the sample data and print a key.")
    boolean demo;

    @Override
    public Integer call() throws InterruptedException {
      Config config = Config.fromEnv(System.getenv());
      Libertas app = Libertas.start(config);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    app.close();
                    stopped.countDown();
                  },
                  "libertas-shutdown"));
      if (app.generatedAdminKey() != null) {
        System.out.println(
            "Platform admin key (shown once, store it now): " + app.generatedAdminKey());
      }
      if (demo) {
        String key;
        try {
          key = Demo.load(app);
        } catch (RuntimeException e) {
          app.close();
          throw e;
        }
        String base = "http://localhost:" + app.port();
        System.out.println();
        System.out.println("Demo tenant ready. Admin key for tenant 'demo': " + key);
        System.out.println("Try:");
        System.out.println(
            "  curl -s -H 'Authorization: Bearer " + key + "' '" + base + "/v1/suppliers?limit=5'");
        System.out.println(
            "  curl -s -H 'Authorization: Bearer "
                + key
                + "' '"
                + base
                + "/v1/suppliers/S-TH-001/risk?lang=fr'");
      }
      stopped.await();
      return 0;
    }
  }

  @Command(
      name = "keys",
      description = "Manage API keys.",
      subcommands = {Keys.Create.class})
  static final class Keys implements Callable<Integer> {
    @Override
    public Integer call() {
      CommandLine.usage(this, System.out);
      return 0;
    }

    @Command(
        name = "create",
        description =
            "Issue a key for a tenant (run while the service is stopped when PostgreSQL is embedded).")
    static final class Create implements Callable<Integer> {
      @Option(names = "--tenant", required = true)
      String tenant;

      @Option(
          names = "--role",
          required = true,
          description = "admin, compliance, auditor, ngo-editor or viewer")
      String role;

      @Override
      public Integer call() {
        if (!Tenants.ROLES.contains(role)) {
          throw new ConfigException("--role must be one of " + Tenants.ROLES);
        }
        Config config = Config.fromEnv(System.getenv());
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (Postgres pg =
            Postgres.start(vertx, config.stores().pgUrl(), config.stores().dataDir(), 2)) {
          Tenants tenants = new Tenants(pg.pool());
          Libertas.await(tenants.ensure(tenant, tenant));
          System.out.println(Libertas.await(tenants.issueKey(tenant, role, null)).key());
        } finally {
          vertx.close();
        }
        return 0;
      }
    }
  }
}
