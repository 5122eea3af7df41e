package org.libertas.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.libertas.app.Demo;
import org.libertas.testing.TestApp;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's chromium and chromium-driver, installed by
 * scripts/setup-browser.sh) against a real server with the sample data: each flow of
 * docs/console.md, with screenshots in target/screenshots and an axe-core check of every view.
 *
 * <p>{@code -Dconsole.base=http://localhost:8080 -Dconsole.key=<demo admin key>} runs the same
 * flows against a server that is already running (serve --demo), for working on the console.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.extension.ExtendWith(ConsoleBrowserIT.ShotOnFailure.class)
class ConsoleBrowserIT {
  /** A screenshot of the page as it was when a test failed, next to the others. */
  static final class ShotOnFailure implements org.junit.jupiter.api.extension.TestWatcher {
    @Override
    public void testFailed(
        org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
      if (driver != null) {
        shot("FAILED-" + context.getRequiredTestMethod().getName());
      }
    }
  }

  static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  static final Path SHOTS = Path.of("target", "screenshots");
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static TestApp app;
  static String base;
  static String key;
  static ChromeDriver driver;
  static WebDriverWait wait;
  static Path profile;

  @BeforeAll
  static void start() throws IOException {
    if (System.getProperty("console.base") != null) {
      base = System.getProperty("console.base");
      key = System.getProperty("console.key");
    } else {
      app = TestApp.start();
      base = app.base();
      key = Demo.load(app.app);
    }
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      return; // the browser tests skip themselves (assumeBrowser)
    }
    Files.createDirectories(SHOTS);
    profile = Files.createTempDirectory("libertas-chromium");
    // An explicit driver path: Selenium Manager (which would download a driver) is not used.
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=en-GB",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** Skips a browser test where scripts/setup-browser.sh could not install Chromium. */
  private static void assumeBrowser() {
    Assumptions.assumeTrue(
        driver != null,
        "no Chromium at "
            + CHROMIUM
            + " or no chromedriver at "
            + DRIVER
            + ": run scripts/setup-browser.sh");
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (app != null) {
      app.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void theConsoleIsServedWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'");
    assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    // No inline script and nothing from another origin.
    assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=\"/console/)");
    assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
    HttpResponse<String> lib =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/webjars/cytoscape/3.33.1/dist/cytoscape.min.js"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(lib.statusCode()).isEqualTo(200);
    assertThat(lib.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    // The API keeps answering problems, not the console, for unknown /v1 paths.
    HttpResponse<String> api =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/nothing-here")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  @Test
  @Order(2)
  void aWrongKeyIsRefusedAndTheDemoKeySignsInWithTheKeyboardOnly() {
    assumeBrowser();
    driver.get(base + "/");
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("apikey")));
    input.sendKeys("lbt_not-a-key", Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "key"));
    input.clear();
    driver.navigate().refresh();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("apikey")));
    // Keyboard only: Tab from the top of the page reaches the key field, Enter signs in.
    tabUntil("apikey", 10);
    new Actions(driver).sendKeys(key).sendKeys(Keys.ENTER).perform();
    // Compliance lands on the work queue: highest priority first, each with its next step and why.
    WebElement queue =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("priorities-table")));
    List<WebElement> entries = queue.findElements(By.cssSelector("tbody tr"));
    assertThat(entries).hasSizeGreaterThanOrEqualTo(10);
    List<Double> priorities =
        entries.stream()
            .map(
                r ->
                    Double.parseDouble(
                        r.findElements(By.tagName("td")).get(1).getText().replace(",", "")))
            .toList();
    assertThat(priorities).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(entries)
        .allSatisfy(
            r ->
                assertThat(r.findElement(By.cssSelector("td.next-step strong")).getText())
                    .isNotBlank());
    shot("00-work-queue");
    assertAccessible("work queue", "color-contrast", "th-has-data-cells");
    open("#/suppliers");
    WebElement table =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("suppliers-table")));
    List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
    assertThat(rows).hasSizeGreaterThanOrEqualTo(10);
    // Riskiest first, with its band written out and coloured.
    List<Integer> scores =
        rows.stream()
            .map(r -> Integer.parseInt(r.findElements(By.tagName("td")).get(2).getText()))
            .toList();
    assertThat(scores).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(rows.get(0).getAttribute("class")).isEqualTo("row-critical");
    assertThat(rows.get(0).findElement(By.cssSelector(".band")).getText()).isEqualTo("Critical");
    assertThat(driver.executeScript("return sessionStorage.getItem('libertas.key')"))
        .isEqualTo(key);
    shot("01-suppliers");
    assertAccessible("suppliers");
  }

  @Test
  @Order(3)
  void oneKeyPressFromTheListExplainsTheRiskiestSupplier() {
    assumeBrowser();
    open("#/suppliers");
    WebElement why = wait.until(ExpectedConditions.elementToBeClickable(By.id("why-riskiest")));
    String riskiest = why.getAttribute("href").replaceAll(".*/", "");
    tabUntil("why-riskiest", 25);
    new Actions(driver).sendKeys(Keys.ENTER).perform();
    wait.until(ExpectedConditions.urlContains("#/supplier/" + riskiest));
    WebElement chart =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#factor-chart svg")));
    assertThat(chart.findElements(By.cssSelector("rect"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#factor-list > li"))).isNotEmpty();
    shot("02-riskiest-why");
  }

  @Test
  @Order(4)
  void theCriticalSupplierShowsItsScoreFactorsEvidenceAndUpstreamGraph() throws Exception {
    assumeBrowser();
    JsonNode risk = api("GET", "/v1/suppliers/S-TH-001/risk?lang=en", key, null, null);
    assertThat(risk.get("band").asText()).isEqualTo("critical");
    open("#/supplier/S-TH-001");
    WebElement score = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("score")));
    assertThat(score.getText()).startsWith(risk.get("score").asText());
    List<WebElement> bars = driver.findElements(By.cssSelector("#factor-chart svg g.bar"));
    assertThat(bars).hasSize(risk.get("factors").size());
    assertThat(driver.findElement(By.id("factor-chart")).getText())
        .contains(risk.get("factors").get(0).get("label").asText());
    // The evidence in plain words: open the first factor.
    driver.findElement(By.cssSelector("#factor-list summary")).click();
    assertThat(driver.findElement(By.cssSelector("#factor-list .evidence-item")).getText())
        .isNotBlank();
    // The upstream graph: Cytoscape draws on canvases and reports its node count.
    WebElement graph = driver.findElement(By.id("upstream-graph"));
    wait.until(d -> graph.getAttribute("data-nodes") != null);
    int upstreamNodes =
        api("GET", "/v1/suppliers/S-TH-001/upstream", key, null, null).get("nodes").size();
    assertThat(Integer.parseInt(graph.getAttribute("data-nodes")))
        .isEqualTo(upstreamNodes)
        .isGreaterThan(1);
    assertThat(graph.findElements(By.tagName("canvas"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#history-chart svg circle"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#matches-table tbody tr"))).isNotEmpty();
    // Nothing the page loads (Cytoscape.js included) breaks the Content-Security-Policy.
    assertThat(
            driver
                .manage()
                .logs()
                .get(org.openqa.selenium.logging.LogType.BROWSER)
                .getAll()
                .stream()
                .map(e -> e.getMessage())
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to")))
        .isEmpty();
    shot("03-supplier-S-TH-001");
    assertAccessible("supplier");
  }

  @Test
  @Order(5)
  void anUploadWithAnErrorShowsTheRowByLineAndColumn() throws Exception {
    assumeBrowser();
    open("#/uploads");
    new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("u-kind"))))
        .selectByValue("findings");
    Path csv =
        csv(
            "findings-with-error",
            "supplier_id,indicator,observed_on,severity,status\n"
                + "S-TH-001,excessive-overtime,2026-03-12,medium,open\n"
                + "S-XX-999,excessive-overtime,2026-03-12,medium,open\n");
    driver.findElement(By.id("u-file")).sendKeys(csv.toString());
    driver.findElement(By.id("u-submit")).click();
    WebElement errors =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-errors")));
    List<WebElement> cells = errors.findElements(By.cssSelector("tbody tr:first-child td"));
    assertThat(cells.get(0).getText()).isEqualTo("3");
    assertThat(cells.get(1).getText()).isEqualTo("supplier_id");
    assertThat(driver.findElement(By.id("upload-progress")).getAttribute("data-status"))
        .isEqualTo("failed");
    assertThat(driver.findElements(By.cssSelector("#upload-history tbody tr"))).isNotEmpty();
    shot("04-upload-error");
    assertAccessible("uploads");
  }

  @Test
  @Order(6)
  void aCorrectUploadRunsTheProgressBarToComplete() throws Exception {
    assumeBrowser();
    open("#/uploads");
    new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("u-kind"))))
        .selectByValue("suppliers");
    // Record every value the bar takes, then drop the file on the drop zone as a user would.
    driver.executeScript(
        "window.__progress = [];"
            + "new MutationObserver(() => window.__progress.push("
            + "document.getElementById('upload-progress').value))"
            + ".observe(document.getElementById('upload-progress'), {attributes: true});");
    driver.executeScript(
        "const dt = new DataTransfer();"
            + "dt.items.add(new File([arguments[0]], 'suppliers-ok.csv', {type: 'text/csv'}));"
            + "const zone = document.getElementById('dropzone');"
            + "for (const type of ['dragover', 'drop'])"
            + "  zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));",
        "supplier_id,name,country,sector,commodities\n"
            + "S-BR-901,Fazenda Boa Vista Ltda,BR,agriculture,coffee|pet food\n");
    WebElement progress = driver.findElement(By.id("upload-progress"));
    wait.until(d -> progress.getAttribute("data-status") != null);
    @SuppressWarnings("unchecked")
    List<Number> values = (List<Number>) driver.executeScript("return window.__progress");
    assertThat(values)
        .as("the bar moves through the transfer and the job's steps")
        .hasSizeGreaterThan(2);
    assertThat(values.get(0).doubleValue()).isLessThan(100);
    assertThat(values.get(values.size() - 1).doubleValue()).isEqualTo(100);
    assertThat(progress.getAttribute("data-status")).isEqualTo("succeeded");
    assertThat(progress.getAttribute("value")).isEqualTo("100");
    assertThat(driver.findElement(By.id("upload-ok")).getText()).contains("1");
    assertThat(api("GET", "/v1/suppliers/S-BR-901/risk", key, null, null).get("score").isInt())
        .isTrue();
    shot("05-upload-complete");
    // A commodity the ontology does not know loaded with a warning; the supplier page says so.
    open("#/supplier/S-BR-901");
    assertThat(
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("unassessed")))
                .getText())
        .contains("pet-food");
  }

  @Test
  @Order(7)
  void screeningAProspectiveNameShowsItsMatches() {
    assumeBrowser();
    open("#/screening");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("s-name")))
        .sendKeys("Hoshine Silicon Industry");
    driver.findElement(By.cssSelector("#screening-form button[type=submit]")).click();
    WebElement results =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("screening-results")));
    assertThat(results.getText()).contains("Hoshine");
    shot("06-screening");
    assertAccessible("screening");
  }

  @Test
  @Order(8)
  void aDraftWithAShaclViolationIsRefusedWithItsReport() throws Exception {
    assumeBrowser();
    String ngo =
        api(
                "POST",
                "/v1/tenants/demo/keys",
                // ngo-editor keys are the platform administrator's to issue
                System.getProperty("console.adminKey", TestApp.ADMIN_KEY),
                "application/json",
                "{\"role\":\"ngo-editor\"}")
            .get("key")
            .asText();
    signInAs(ngo);
    open("#/ontology");
    new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("draft-format"))))
        .selectByValue("application/sparql-update");
    WebElement text = driver.findElement(By.id("draft-text"));
    text.sendKeys(
        "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
            + "DELETE { ?i lbt:weight ?w } INSERT { ?i lbt:weight 7.0 }"
            + " WHERE { ?i lbt:weight ?w ;"
            + " <http://www.w3.org/2004/02/skos/core#notation> \"debt-bondage\" }");
    int before = api("GET", "/v1/ontology", key, null, null).get("version").asInt();
    driver.findElement(By.id("draft-submit")).click();
    WebElement report =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("draft-report")));
    assertThat(report.getText()).contains("Refused");
    assertThat(driver.findElement(By.id("draft-issues")).getText()).contains("shacl");
    assertThat(driver.findElements(By.id("draft-publish"))).isEmpty();
    assertThat(api("GET", "/v1/ontology", key, null, null).get("version").asInt())
        .isEqualTo(before);
    shot("07-draft-refused");
    assertAccessible("ontology");
  }

  @Test
  @Order(9)
  void theLanguageSwitchChangesTheInterfaceAndTheIndicatorLabels() throws Exception {
    assumeBrowser();
    open("#/ontology");
    WebElement table =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("indicators-table")));
    String english = table.findElement(By.cssSelector("tbody tr td:nth-child(2)")).getText();
    new Select(driver.findElement(By.id("lang"))).selectByValue("fr");
    JsonNode fr = api("GET", "/v1/ontology/indicators?lang=fr", key, null, null);
    String french = fr.get("items").get(0).get("label").asText();
    assertThat(french).isNotEqualTo(english);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#indicators-table tbody tr td:nth-child(2)"), french));
    assertThat(driver.findElement(By.cssSelector("#nav a[href='#/suppliers']")).getText())
        .isEqualTo("Fournisseurs");
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
    shot("08-ontology-fr");
    new Select(driver.findElement(By.id("lang"))).selectByValue("es");
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("#nav a[href='#/suppliers']"), "Proveedores"));
    new Select(driver.findElement(By.id("lang"))).selectByValue("en");
  }

  @Test
  @Order(10)
  void anExcelWorkbookUploadsThroughTheFileInput() throws Exception {
    assumeBrowser();
    signInAs(key); // the tests before left the NGO editor signed in
    open("#/uploads");
    new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("u-kind"))))
        .selectByValue("suppliers");
    assertThat(driver.findElement(By.id("u-file")).getAttribute("accept")).contains(".xlsx");
    Path xlsx = Files.createDirectories(Path.of("target", "console-it")).resolve("suppliers.xlsx");
    try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
        var out = Files.newOutputStream(xlsx)) {
      var sheet = wb.createSheet("Suppliers");
      String[][] rows = {
        {"Supplier ID", "Name", "Country", "Sector"},
        {"S-VN-930", "Saigon Seafood JSC", "VN", "seafood-processing"}
      };
      for (int r = 0; r < rows.length; r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          row.createCell(c).setCellValue(rows[r][c]);
        }
      }
      // Header cells are trimmed and lowercased, as for CSV; "Supplier ID" is not folded (yet).
      sheet.getRow(0).getCell(0).setCellValue("supplier_id");
      wb.write(out);
    }
    driver.findElement(By.id("u-file")).sendKeys(xlsx.toAbsolutePath().toString());
    driver.findElement(By.id("u-submit")).click();
    WebElement ok = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-ok")));
    assertThat(ok.getText()).contains("1");
    assertThat(api("GET", "/v1/suppliers/S-VN-930/risk", key, null, null).get("score").isInt())
        .isTrue();
    // The file went as multipart with its name: the history shows it.
    assertThat(
            wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#upload-history tbody tr:first-child"), "suppliers.xlsx")))
        .isTrue();
  }

  @Test
  @Order(11)
  void theSupplierPageShowsItsIdentifiersAndLinksTheOsIdToOpenSupplyHub() throws Exception {
    assumeBrowser();
    JsonNode u =
        api(
            "POST",
            "/v1/uploads?kind=suppliers",
            key,
            "text/csv",
            "supplier_id,name,country,OS ID,LEI,DUNS\n"
                + "S-CN-940,Tidewater Garments,CN,cn-2019303-bq3fz-p,HWUPKR0MPOU8FGXBT394,"
                + "15-048-3782\n");
    String status = "";
    for (int i = 0; i < 600 && !status.equals("succeeded") && !status.equals("failed"); i++) {
      Thread.sleep(100);
      status =
          api("GET", "/v1/uploads/" + u.get("id").asText(), key, null, null).get("status").asText();
    }
    assertThat(status).isEqualTo("succeeded");
    open("#/supplier/S-CN-940");
    WebElement ids =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("identifiers")));
    assertThat(ids.getText()).contains("HWUPKR0MPOU8FGXBT394").contains("150483782");
    WebElement os = ids.findElement(By.tagName("a"));
    assertThat(os.getText()).isEqualTo("CN2019303BQ3FZP");
    assertThat(os.getAttribute("href"))
        .isEqualTo("https://opensupplyhub.org/facilities/CN2019303BQ3FZP");
    assertAccessible("supplier-identifiers");
  }

  @Test
  @Order(12)
  void theKindIsPreselectedFromTheHeaderAndAskedForWhenAmbiguous() throws Exception {
    assumeBrowser();
    signInAs(key);
    open("#/uploads");
    Select kind = new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("u-kind"))));
    assertThat(kind.getFirstSelectedOption().getAttribute("value")).isEmpty(); // detect
    Path findings =
        csv("findings-detected", "Supplier ID,Indicator,Severity\nS-TH-001,isolation,low\n");
    driver.findElement(By.id("u-file")).sendKeys(findings.toString());
    wait.until(d -> "findings".equals(kind.getFirstSelectedOption().getAttribute("value")));

    // A header that fits two kinds: the server asks, the console offers the candidates.
    open("#/uploads");
    Path both = csv("ambiguous", "supplier_id,indicator,buyer_id\nS-TH-001,isolation,S-TH-001\n");
    driver.findElement(By.id("u-file")).sendKeys(both.toString());
    driver.findElement(By.id("u-submit")).click();
    WebElement ask =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-ask-kind")));
    List<String> offered =
        ask.findElements(By.cssSelector("button[data-kind]")).stream()
            .map(b -> b.getAttribute("data-kind"))
            .toList();
    assertThat(offered).containsExactlyInAnyOrder("relationships", "findings");
    ask.findElement(By.cssSelector("button[data-kind='findings']")).click();
    WebElement ok = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-ok")));
    assertThat(ok.getText()).contains("1");
    assertThat(
            new Select(driver.findElement(By.id("u-kind")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("findings");
  }

  // ---------------------------------------------------------------------------------------------

  /** Loads the console afresh at a route (a hash change alone would keep the old view). */
  private static void open(String route) {
    driver.get("about:blank");
    driver.get(base + "/" + route);
  }

  private static void signInAs(String k) {
    driver.get(base + "/");
    if (!driver.findElements(By.id("signout")).isEmpty()
        && driver.findElement(By.id("signout")).isDisplayed()) {
      driver.findElement(By.id("signout")).click();
    }
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("apikey")));
    input.sendKeys(k, Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#view h1")));
  }

  /** Presses Tab until the element with this id has the focus, at most {@code max} times. */
  private static int tabUntil(String id, int max) {
    ((JavascriptExecutor) driver).executeScript("document.activeElement.blur(); window.focus();");
    for (int i = 0; i < max; i++) {
      new Actions(driver).sendKeys(Keys.TAB).perform();
      Object active =
          ((JavascriptExecutor) driver).executeScript("return document.activeElement.id");
      if (id.equals(active)) {
        System.out.printf("keyboard: %d Tab presses to #%s%n", i + 1, id);
        return i + 1;
      }
    }
    throw new AssertionError("Tab did not reach #" + id + " in " + max + " presses");
  }

  /** No serious or critical axe-core violation (WCAG 2.1 A and AA: labels, contrast, keyboard). */
  private static void assertAccessible(String view) {
    assertAccessible(view, "label", "color-contrast");
  }

  /**
   * The same, for a view whose passes must include these rules (a view without a form: no label).
   */
  private static void assertAccessible(String view, String... passes) {
    long t0 = System.nanoTime();
    Results results =
        new AxeBuilder()
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
            .analyze(driver);
    System.out.printf("axe %s: %d ms%n", view, (System.nanoTime() - t0) / 1_000_000);
    List<Rule> bad =
        results.getViolations().stream()
            .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
            .toList();
    assertThat(bad)
        .as(
            view
                + ": "
                + bad.stream()
                    .map(
                        r ->
                            r.getId()
                                + " ("
                                + r.getImpact()
                                + ") "
                                + r.getNodes().stream()
                                    .map(n -> String.valueOf(n.getTarget()))
                                    .collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; ")))
        .isEmpty();
    assertThat(results.getPasses().stream().map(Rule::getId)).contains(passes);
  }

  /** The whole page, not only the window (Chrome DevTools: capture beyond the viewport). */
  @SuppressWarnings("unchecked")
  private static void shot(String name) {
    try {
      Map<String, Object> size =
          (Map<String, Object>)
              driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
      double width = ((Number) size.get("width")).doubleValue();
      double height = Math.min(((Number) size.get("height")).doubleValue(), 8000);
      Map<String, Object> shot =
          driver.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of(
                  "captureBeyondViewport",
                  true,
                  "clip",
                  Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
      Files.write(
          SHOTS.resolve(name + ".png"),
          java.util.Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path csv(String name, String content) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "console-it"));
    return Files.writeString(dir.resolve(name + ".csv"), content).toAbsolutePath();
  }

  private static JsonNode api(String method, String path, String k, String type, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + k);
    if (body != null) {
      b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }
}
