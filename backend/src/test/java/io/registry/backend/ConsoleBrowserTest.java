package io.registry.backend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser (headless Chromium from Debian, driven through Debian's chromium-driver) against
 * the whole backend on the real service stack: sign in, search a zone, open a package, page through its versions,
 * archive one as a publisher, read a version, follow a node of the lineage graph, read the history, a reader without
 * mutation controls, a missing package. Each page is written to {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends BackendTestSupport {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String TOKEN_KEY = "registry-console.token";

    private final LocalDateTime base = LocalDateTime.of(2024, 6, 10, 8, 0, 0);
    private final Map<Integer, String> versions = new LinkedHashMap<>();
    private final Map<String, String> lastWrites = new HashMap<>();
    private String zone;
    private String invoices;
    private String ledger;
    private String maps;
    private String notify;
    private String platform;
    private String alice;
    private String rita;
    private ChromeDriver driver;
    private ChromeDriverService service;
    private Path profile;
    private WebDriverWait wait;
    private long started;

    @BeforeAll
    void browserAndPackages() throws IOException {
        started = System.nanoTime();
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .withFailMessage("The console's browser tests need Debian's chromium and chromium-driver (%s, %s). "
                        + "Install them: apt-get install chromium chromium-driver (./test.sh does so when run as root).",
                        CHROMIUM, CHROMEDRIVER)
                .isTrue();
        givenPackages();
        startBrowser();
    }

    private void startBrowser() throws IOException {
        // the installed driver, never one Selenium Manager would fetch
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("console-browser-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                "--disable-extensions", "--disable-sync", "--no-first-run", "--metrics-recording-only",
                "--password-store=basic", "--use-mock-keychain", "--lang=en-GB", "--force-device-scale-factor=1",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stopBrowser() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (profile != null) {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
            System.out.printf("ConsoleBrowserTest: %.1f s wall time (packages, browser and every page)%n",
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * A zone with four packages. "Invoices API" has 12 versions: a lineage tree (1 <- 2 <- 3 <- 5 <- 7 <- 9 <- 11 <- 12,
     * 2 <- 4 <- 6, 5 <- 8, 9 <- 10), version 11 active with a full release (schemas, bindings, links, properties,
     * tags, package.json), version 1 archived. Alice publishes everything of acme; Rita is a member of acme who
     * publishes nothing.
     */
    private void givenPackages() {
        zone = uniqueId("zone-console");
        alice = token("alice", "acme");
        rita = token("rita", "acme");
        String admin = token("root", "platform-org", "admin");
        invoices = uniqueId("invoices");
        ledger = uniqueId("ledger");
        maps = uniqueId("maps");
        notify = uniqueId("notify");
        platform = uniqueId("platform-tools");

        create(alice, invoices, "Invoices API", "Create, send and track invoices across the EU.", "org", "customer");
        Map<Integer, Integer> bases = Map.of(2, 1, 3, 2, 4, 2, 5, 3, 6, 4, 7, 5, 8, 5, 9, 7, 10, 9);
        for (int number = 1; number <= 12; number++) {
            versions.put(number, ListingTestIds.versionId(base, number * 3600L));
        }
        for (int number = 1; number <= 12; number++) {
            Integer baseNumber = number == 11 ? Integer.valueOf(9) : number == 12 ? Integer.valueOf(11) : bases.get(number);
            Map<String, Object> extra = new HashMap<>();
            if (number == 11) {
                extra.putAll(fullRelease());
                extra.put("set_as_active", true);
            }
            Response confirmed = publish(alice, invoices, versions.get(number),
                    baseNumber == null ? null : versions.get(baseNumber), extra);
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
            lastWrites.put(invoices, confirmed.json().get("consistency_token").asText());
        }
        Response archived = call("DELETE", "/api/entities/" + invoices + "/versions/" + versions.get(1), alice, null);
        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        lastWrites.put(invoices, archived.json().get("consistency_token").asText());

        create(alice, ledger, "Ledger", "Double-entry bookkeeping for invoices and payments.", "org", "customer");
        release(alice, ledger, 1, List.of("billing", "finance"));
        create(alice, maps, "Maps", "Tiles, geocoding and routing.", "public", "customer");
        release(alice, maps, 2, List.of("geo", "eu"));
        create(alice, notify, "Notifications", "E-mail and push notifications.", "private", "customer");
        create(admin, platform, "Platform tools", "Shared tooling for every team.", "public", "platform");
        release(admin, platform, 3, List.of("platform"));
        lastWrites.forEach((id, token) -> assertThat(call("GET", "/api/entities/" + id, admin, null,
                Map.of("X-Consistency-Token", token)).header("X-Consistency-Stale")).isNull());
        // the zone listing searches: make it see every write
        call("GET", "/zones/" + zone + "/packages", admin, null, Map.of("X-Consistency-Token", lastWrites.get(maps)));
    }

    private void create(String token, String id, String name, String description, String store, String ownerType) {
        Response created = call("POST", "/api/entities", token, Map.of("id", id, "zone_id", zone, "name", name,
                "description", description, "store", store, "owner_type", ownerType));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        lastWrites.put(id, created.json().get("consistency_token").asText());
    }

    private void release(String token, String id, int hours, List<String> tags) {
        Response confirmed = publish(token, id, ListingTestIds.versionId(base, hours * 3600L),
                Map.of("set_as_active", true, "tags", tags));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        lastWrites.put(id, confirmed.json().get("consistency_token").asText());
    }

    private static Map<String, Object> fullRelease() {
        return Map.of(
                "description", "Invoices API with e-invoicing for the EU",
                "tags", List.of("billing", "eu"),
                "links", List.of(Map.of("href", "https://docs.example/invoices", "rel", "docs",
                                "titles", Map.of("en", "Documentation")),
                        Map.of("href", "https://git.example/invoices", "rel", "source")),
                "properties", Map.of("urn:registry:team", "payments", "urn:registry:tier", 1),
                "package_json", Map.of("name", "invoices-api", "version", "3.2.0",
                        "dependencies", Map.of("pdfkit", "^0.15.0")),
                "service_dependencies", List.of("postgres", "kafka"),
                "inputs", Map.of(
                        "schema", Map.of("type", "object", "title", "Install inputs",
                                "properties", Map.of(
                                        "region", Map.of("type", "string", "title", "Region",
                                                "description", "Where invoices are stored", "pattern", "^[a-z]{2}-[a-z]+$"),
                                        "replicas", Map.of("type", "integer", "minimum", 1, "maximum", 9, "default", 2),
                                        "tier", Map.of("type", "string", "enum", List.of("gold", "silver")),
                                        "archive", Map.of("type", "boolean", "description", "Keep PDFs for ten years")),
                                "required", List.of("region")),
                        "bindings", "{'region': pkg.inputs.region, 'replicas': pkg.inputs.replicas * 2}"),
                "outputs", Map.of(
                        "schema", Map.of("type", "object", "properties", Map.of(
                                "url", Map.of("type", "string", "format", "uri", "readOnly", true),
                                "port", Map.of("type", "integer"))),
                        "bindings", "{'url': entities.api.href, 'port': entities.api.outputs.port}"));
    }

    private String consoleUrl(String route) {
        return "http://localhost:" + port + "/ui/" + route;
    }

    /** Signed in as the holder of {@code token} (as a pasted token would be), then at {@code route}. */
    private void open(String token, String route) {
        driver.get(consoleUrl(""));
        driver.executeScript("sessionStorage.setItem(arguments[0], arguments[1])", TOKEN_KEY, token);
        driver.get(consoleUrl(route));
    }

    /** The packages shown, in order (read in one script: the list may be redrawn between two calls). */
    private List<String> packageCards() {
        return dataOf(".package-card", "package");
    }

    private List<String> versionRows() {
        return dataOf("tr.version-row", "version");
    }

    @SuppressWarnings("unchecked")
    private List<String> dataOf(String selector, String key) {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.dataset[arguments[1]])", selector, key);
    }

    private WebElement row(int number) {
        return driver.findElement(By.cssSelector("tr.version-row[data-version='" + versions.get(number) + "']"));
    }

    @Test
    @Order(0)
    void the_console_is_served_without_a_token_and_may_load_only_its_own_files() {
        Response page = call("GET", "/ui/", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self';");
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        Response bare = call("GET", "/ui", null, null);
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.header("Location")).endsWith("/ui/");
        Response module = call("GET", "/ui/views/zone.js", null, null);
        assertThat(module.status()).isEqualTo(200);
        assertThat(module.header("Content-Type")).contains("javascript");
        Response missing = call("GET", "/ui/no-such-file.js", null, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    @Order(1)
    void signs_in_with_the_dev_form_and_opens_a_zone() {
        driver.get(consoleUrl(""));
        driver.executeScript("sessionStorage.clear()");
        driver.get(consoleUrl(""));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dev-sub")));
        screenshot("01-sign-in");

        driver.findElement(By.id("dev-sub")).sendKeys("alice");
        driver.findElement(By.id("dev-org")).sendKeys("acme");
        driver.findElement(By.cssSelector("form.signin-dev button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("zone"))).sendKeys(zone + "\n");

        wait.until(d -> packageCards().size() == 5);
        assertThat(packageCards()).as("newest release first, the package without versions last")
                .containsExactly(platform, maps, ledger, invoices, notify);
        assertThat(driver.findElement(By.cssSelector(".who .name")).getText()).isEqualTo("alice");
        assertThat(driver.findElement(By.cssSelector(".zone-summary")).getText()).isEqualTo("5 packages you can read");
        screenshot("02-zone-packages");
        assertNoScriptErrors();
    }

    @Test
    @Order(2)
    void searches_a_zone_by_words_and_by_tags() {
        open(alice, "#/zones/" + zone);
        wait.until(d -> packageCards().size() == 5);

        driver.findElement(By.id("search")).sendKeys("invoices");
        wait.until(d -> packageCards().equals(List.of(ledger, invoices)));
        assertThat(driver.getCurrentUrl()).contains("q=invoices");
        WebElement tag = driver.findElement(By.id("tag-filter"));
        tag.sendKeys("eu\n");
        wait.until(d -> packageCards().equals(List.of(invoices)));
        assertThat(driver.findElement(By.cssSelector(".zone-summary")).getText()).isEqualTo("1 package matches");
        screenshot("03-zone-search");
        driver.manage().window().setSize(new Dimension(420, 900));
        screenshot("03-zone-search-narrow");
        driver.manage().window().setSize(new Dimension(1280, 900));

        driver.findElement(By.cssSelector(".tag-filters .remove")).click();
        driver.findElement(By.id("search")).clear();
        driver.findElement(By.id("search")).sendKeys("zzzz");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".results .empty"), "No package matches"));
        assertNoScriptErrors();
    }

    @Test
    @Order(3)
    void opens_a_package_and_pages_through_its_versions() {
        open(alice, "#/zones/" + zone);
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(".package-card[data-package='" + invoices + "'] a.package-link"))).click();

        wait.until(d -> versionRows().size() == 10);
        assertThat(versionRows()).containsExactlyElementsOf(List.of(12, 11, 10, 9, 8, 7, 6, 5, 4, 3).stream()
                .map(versions::get).toList());
        assertThat(row(11).findElement(By.cssSelector(".badge.active")).getText()).isEqualTo("Active");
        assertThat(driver.findElement(By.cssSelector(".pager .count")).getText()).isEqualTo("10 shown of 12 versions");
        screenshot("04-package-versions");

        driver.findElement(By.cssSelector(".pager .older")).click();
        wait.until(d -> versionRows().equals(List.of(versions.get(2), versions.get(1))));
        assertThat(row(1).findElement(By.cssSelector(".badge.archived")).getText()).isEqualTo("Archived");
        assertThat(driver.findElement(By.cssSelector(".pager .older")).isEnabled()).isFalse();

        driver.findElement(By.cssSelector(".pager .newer")).click();
        wait.until(d -> versionRows().size() == 10 && versionRows().get(0).equals(versions.get(12)));
        assertThat(driver.findElement(By.cssSelector(".pager .newer")).isEnabled()).isFalse();
        assertNoScriptErrors();
    }

    @Test
    @Order(4)
    void a_publisher_archives_a_version_after_confirming_and_sees_it_marked() {
        open(alice, "#/packages/" + invoices);
        wait.until(d -> versionRows().size() == 10);
        assertThat(row(11).findElement(By.cssSelector("button.archive")).isEnabled())
                .as("the active version cannot be archived").isFalse();

        row(4).findElement(By.cssSelector("button.archive")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog.confirm-dialog")));
        assertThat(dialog.getText()).contains("Archive " + versions.get(4) + "?");
        screenshot("05-archive-confirmation", 0);
        dialog.findElement(By.cssSelector("button.confirm")).click();

        wait.until(d -> !d.findElements(By.cssSelector("tr.version-row[data-version='" + versions.get(4)
                + "'] .badge.archived")).isEmpty());
        assertThat(row(4).getDomAttribute("class")).contains("is-archived");
        assertThat(row(4).findElement(By.cssSelector("button.set-active")).isEnabled()).isFalse();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notices"), "is archived"));
        screenshot("06-version-archived");
        assertThat(call("GET", "/api/entities/" + invoices + "/versions/" + versions.get(4), alice, null)
                .json().get("archived_at").isNull()).isFalse();
        assertNoScriptErrors();
    }

    @Test
    @Order(5)
    void shows_a_version_with_its_digests_schemas_bindings_and_package_json() {
        open(alice, "#/packages/" + invoices);
        wait.until(d -> versionRows().size() == 10);
        row(11).findElement(By.cssSelector("a.version-link")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".contract.inputs .schema-form")));
        String page = driver.findElement(By.id("view")).getText();
        assertThat(page).contains("Invoices API with e-invoicing for the EU", "package_sha256", "Region", "replicas",
                "Documentation", "urn:registry:team", "pdfkit", "postgres");
        assertThat(driver.findElements(By.cssSelector(".contract.inputs .field"))).hasSize(4);
        assertThat(driver.findElement(By.cssSelector(".contract.inputs .field.is-required")).getText()).contains("Region");
        assertThat(driver.findElements(By.cssSelector(".contract.outputs input:disabled"))).hasSize(2);
        assertThat(driver.findElement(By.cssSelector(".contract.outputs pre.cel")).getText()).contains("entities.api.href");
        assertThat(driver.findElement(By.cssSelector(".version-id .badge.active")).getText()).isEqualTo("Active");

        driver.findElement(By.id("inputs-region")).sendKeys("eu-west");
        driver.findElement(By.cssSelector("button.evaluate")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".evaluation"), "eu-west"));
        assertThat(driver.findElement(By.cssSelector(".evaluation")).getText()).contains("\"replicas\": 4");
        screenshot("07-version");
        assertNoScriptErrors();
    }

    @Test
    @Order(6)
    void follows_a_node_of_the_lineage_graph() {
        open(alice, "#/packages/" + invoices + "/versions/" + versions.get(5));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.lineage-link"))).click();

        wait.until(d -> d.findElements(By.cssSelector("svg.lineage a.node")).size() == 10);
        assertThat(nodeVersion("svg.lineage a.node.is-requested")).isEqualTo(versions.get(5));
        assertThat(nodeVersion("svg.lineage a.node.is-active")).isEqualTo(versions.get(11));
        assertThat(driver.findElements(By.cssSelector("svg.lineage a.node.is-archived"))).hasSize(1);
        screenshot("08-lineage");

        driver.findElement(By.cssSelector("svg.lineage a.node[data-version='" + versions.get(9) + "']")).click();
        wait.until(d -> versions.get(9).equals(nodeVersion("svg.lineage a.node.is-requested")));
        assertThat(driver.getCurrentUrl()).endsWith("/versions/" + versions.get(9) + "/lineage");
        assertThat(driver.findElements(By.cssSelector("svg.lineage a.node"))).as("1, 2, 3, 5, 7 / 9 / 10, 11, 12")
                .hasSize(9);
        assertNoScriptErrors();
    }

    private String nodeVersion(String selector) {
        return (String) driver.executeScript("const node = document.querySelector(arguments[0]);"
                + " return node ? node.dataset.version : null", selector);
    }

    @Test
    @Order(7)
    void shows_the_history_as_a_timeline_with_each_events_data() {
        open(alice, "#/packages/" + invoices);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("nav.tabs a[href$='/history']"))).click();

        wait.until(d -> d.findElements(By.cssSelector("li.event")).size() >= 10);
        List<WebElement> events = driver.findElements(By.cssSelector("li.event"));
        assertThat(events.get(0).getDomAttribute("data-type")).isEqualTo("registry.entity.created");
        assertThat(events.get(0).findElement(By.cssSelector(".actor")).getText()).isEqualTo("alice");
        events.get(2).findElement(By.cssSelector("details.event-data summary")).click();
        assertThat(events.get(2).findElement(By.cssSelector("details.event-data pre")).isDisplayed()).isTrue();
        screenshot("09-history", 1500);
        assertNoScriptErrors();
    }

    @Test
    @Order(8)
    void a_reader_sees_no_mutation_controls() {
        open(rita, "#/packages/" + invoices);
        wait.until(d -> versionRows().size() == 10);

        assertThat(driver.findElements(By.cssSelector("button.archive, button.set-active, .row-actions"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("nav.tabs a[href$='/history']"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector(".package-header .badge.reader")).getText()).isEqualTo("read only");
        screenshot("10-reader-versions");

        row(11).findElement(By.cssSelector("a.version-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".version-actions button.download")));
        assertThat(driver.findElements(By.cssSelector("button.archive, button.set-active"))).isEmpty();
        assertNoScriptErrors();
    }

    @Test
    @Order(9)
    void a_package_that_does_not_exist_shows_a_clear_message() {
        open(alice, "#/packages/no-such-package");

        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".problem")));
        assertThat(problem.findElement(By.tagName("h2")).getText()).isEqualTo("Package not found");
        assertThat(problem.getText()).contains("No entity no-such-package.", "entity_not_found", "HTTP 404");
        screenshot("11-package-not-found");
        assertNoScriptErrors();
    }

    @Test
    @Order(10)
    void an_expired_or_refused_token_goes_back_to_sign_in_with_the_reason() {
        open("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl", "#/zones/" + zone);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice-inline.warning")));
        assertThat(driver.getCurrentUrl()).contains("#/signin?next=");
        assertThat(driver.findElement(By.cssSelector(".notice-inline.warning")).getText()).contains("Please sign in again");
    }

    /** Nothing the console ran failed (refused API calls are logged by the browser as failed loads: those are expected). */
    @Test
    @Order(11)
    void shows_the_channels_on_the_package_page_and_on_the_versions_they_point_at() {
        Response stable = call("PUT", "/api/entities/" + invoices + "/channels/stable", alice,
                Map.of("version_id", versions.get(11)));
        assertThat(stable.status()).as(stable.body()).isEqualTo(200);
        Response beta = call("PUT", "/api/entities/" + invoices + "/channels/beta", alice,
                Map.of("weights", Map.of(versions.get(10), 70, versions.get(12), 30)));
        assertThat(beta.status()).as(beta.body()).isEqualTo(200);
        // the version list is a search: reading it with the token makes it see the channels
        assertThat(call("GET", "/api/entities/" + invoices + "/versions", alice, null,
                Map.of("X-Consistency-Token", beta.json().get("consistency_token").asText())).status()).isEqualTo(200);

        open(alice, "#/packages/" + invoices);
        wait.until(d -> versionRows().size() == 10 && dataOf("li.channel", "channel").size() == 2);
        assertThat(dataOf("li.channel", "channel")).containsExactly("beta", "stable");
        assertThat(driver.findElement(By.cssSelector("li.channel[data-channel='beta']")).getText())
                .contains(versions.get(10), "70%", versions.get(12), "30%");
        assertThat(row(12).findElement(By.cssSelector(".badge.channel")).getText()).isEqualTo("beta");
        assertThat(row(12).findElement(By.cssSelector("button.archive")).isEnabled())
                .as("a version a channel points at cannot be archived").isFalse();
        assertThat(row(9).findElements(By.cssSelector(".badge.channel"))).isEmpty();
        screenshot("12-channels");
        assertNoScriptErrors();
    }

    @Test
    @Order(12)
    void shows_what_the_retention_policy_would_archive() {
        Response policy = call("PUT", "/api/entities/" + invoices + "/retention", alice, Map.of("keep_latest", 3));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        List<String> due = new ArrayList<>();
        call("GET", "/api/entities/" + invoices + "/retention/preview", alice, null,
                Map.of("X-Consistency-Token", policy.json().get("consistency_token").asText()))
                .json().get("items").forEach(item -> due.add(item.get("id").asText()));
        assertThat(due).as("not 11 (active), 10 and 12 (beta), 1 and 4 (archived)").containsExactlyElementsOf(
                List.of(2, 3, 5, 6, 7, 8, 9).stream().map(versions::get).toList());

        open(rita, "#/packages/" + invoices + "/retention");
        wait.until(d -> !dataOf("tr.preview-row", "version").isEmpty());
        assertThat(dataOf("tr.preview-row", "version")).containsExactlyElementsOf(due);
        assertThat(driver.findElement(By.cssSelector(".retention-policy")).getText())
                .contains("keep the newest 3 unarchived versions");
        screenshot("13-retention-preview");
        assertNoScriptErrors();
    }

    private void assertNoScriptErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !entry.getMessage().contains("Failed to load resource")) {
                errors.add(entry.getMessage());
            }
        }
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    /** The whole page (not only the window, at most 2400 px high) as a PNG in target/console-screenshots. */
    private void screenshot(String name) {
        screenshot(name, 2400);
    }

    /** The page from its top, at most {@code maxHeight} px of it; 0: only what the window shows (a modal dialog). */
    private void screenshot(String name, int maxHeight) {
        driver.executeScript("window.scrollTo(0, 0)");
        byte[] png = null;
        if (maxHeight > 0) {
            try {
                Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
                @SuppressWarnings("unchecked")
                Map<String, Object> size = (Map<String, Object>) metrics.getOrDefault("cssContentSize",
                        metrics.get("contentSize"));
                long width = Math.round(((Number) size.get("width")).doubleValue());
                long height = Math.min(Math.round(((Number) size.get("height")).doubleValue()), maxHeight);
                Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                        "captureBeyondViewport", true,
                        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
                png = Base64.getDecoder().decode((String) shot.get("data"));
            } catch (RuntimeException cdpUnavailable) {
                png = null;
            }
        }
        if (png == null) {
            png = driver.getScreenshotAs(OutputType.BYTES);
        }
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
