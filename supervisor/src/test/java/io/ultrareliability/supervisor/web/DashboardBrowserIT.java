package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.RestartEntry;
import io.ultrareliability.supervisor.status.RestartReason;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.testkit.ManualScheduler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless Chromium (Debian's chromium + chromedriver, driven by
 * Selenium with an explicit driver path: Selenium Manager never downloads anything).
 */
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");

    @TempDir
    Path home;

    // One browser for the class (its start is the slow part); each test gets its own server,
    // so its own origin and its own sessionStorage.
    private static Path profile;
    private static ChromeDriverService service;
    private static ChromeDriver driver;

    private FakeControl control;
    private ControlToken token;
    private ManualScheduler scheduler;
    private SupervisorWebServer server;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(CHROMIUM).as("Debian's chromium is needed: apt-get install chromium chromium-driver "
                + "(scripts/test installs it when run as root)").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver is needed: apt-get install chromium-driver").isExecutable();
        profile = Files.createTempDirectory("ultra-web-chromium-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1500", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @BeforeEach
    void startServer() {
        control = new FakeControl().logLines(List.of(
                "14:00:01 INFO  bot - connecting to the gateway", "14:00:02 INFO  bot - READY as UltraBot#0001"));
        Path run = home.resolve("run");
        token = ControlToken.loadOrCreate(run);
        scheduler = new ManualScheduler(T0);
        server = SupervisorWebServer.builder(control, new SupervisorMetrics(), token, run)
                .config(WebServerConfig.defaults().withPort(0)).scheduler(scheduler).clock(scheduler).start();
        // Some memory history for the chart: a slow climb with a dip, one sample every 5 s (the
        // default interval) from T0.
        long[] mib = {118, 121, 125, 131, 129, 136, 142, 147, 139, 151, 158, 163};
        long[] latency = {3, 2, 4, 3, 9, 3, 2, 3, 5, 3, 2, 4}; // ms, as the status file has them
        for (int i = 0; i < mib.length; i++) {
            control.rss(mib[i] * 1024 * 1024).health(true, latency[i]);
            scheduler.advance(i == 0 ? Duration.ZERO : WebServerConfig.DEFAULT_HISTORY_INTERVAL);
        }
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier tests left
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Polls the page (every 50 ms, at most 15 s) until the condition holds. */
    private static void until(String what, Callable<Boolean> condition) {
        org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(condition);
    }

    private void untilText(String id, String expected) {
        until("#" + id + " shows '" + expected + "'", () -> text(id).equals(expected));
    }

    private void untilTextContains(String id, String expected) {
        until("#" + id + " contains '" + expected + "'", () -> text(id).contains(expected));
    }

    private WebElement untilVisible(String id) {
        until("#" + id + " visible", () -> driver.findElement(By.id(id)).isDisplayed());
        return driver.findElement(By.id(id));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void showsTheStateAndRestartsTheChildWithTheToken() throws Exception {
        driver.get(server.baseUri().toString());
        untilText("child-state", "RUNNING"); // CSS upper-cases it
        assertThat(text("child-pid")).isEqualTo("4242");
        assertThat(text("supervisor-pid")).isEqualTo("1111");
        assertThat(text("child-uptime")).isEqualTo("1h 2m 3s");
        assertThat(text("child-restarts")).isEqualTo("0");
        assertThat(text("child-rss")).isEqualTo("163.0 MiB");
        assertThat(text("health-latency")).isEqualTo("4 ms");
        assertThat(text("health-not-ready")).isEqualTo("–");
        assertThat(text("aot-cache")).isEqualTo("ready (in use)");
        assertThat(driver.findElement(By.id("keeper-panel")).isDisplayed()).as("no keeper: no panel").isFalse();
        assertThat(driver.findElement(By.id("history-empty")).isDisplayed()).isTrue();
        assertThat(text("log-lines")).contains("READY as UltraBot#0001");
        until("memory chart drawn", () -> !driver.findElements(By.cssSelector("#memory-chart polyline")).isEmpty());
        String points = driver.findElement(By.cssSelector("#memory-chart polyline")).getAttribute("points");
        assertThat(points.trim().split(" ")).hasSize(12);
        assertThat(text("memory-range")).contains("now 163.0 MiB").contains("12 samples");

        // A wrong token: refused, nothing restarted, the dialog asks again.
        driver.findElement(By.id("restart-button")).click();
        WebElement input = untilVisible("token-input");
        input.sendKeys("not-the-token-not-the-token-not-the-token");
        driver.findElement(By.id("token-ok")).click();
        untilTextContains("action-result", "token was refused");
        assertThat(control.restartReasons).isEmpty();
        input = untilVisible("token-input");

        // The right token: the fake core restarts the child (new PID, state starting, a history row).
        input.sendKeys(token.value());
        driver.findElement(By.id("token-ok")).click();
        untilTextContains("action-result", "Restart requested");
        assertThat(control.restartReasons).containsExactly("manual");
        untilText("child-state", "STARTING");
        assertThat(text("child-pid")).isEqualTo("4243");
        assertThat(text("child-restarts")).isEqualTo("1");
        List<WebElement> rows = driver.findElements(By.cssSelector("#history-rows tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains("manual").contains("signal SIGTERM").contains("1h 2m 3s");
        assertThat(driver.findElement(By.id("history-empty")).isDisplayed()).isFalse();

        // The core reports the new child healthy: the page follows on its own (2 s refresh).
        control.state("running").rss(97L * 1024 * 1024);
        scheduler.advance(WebServerConfig.DEFAULT_HISTORY_INTERVAL);
        untilText("child-state", "RUNNING");
        untilText("child-rss", "97.0 MiB");

        // The token is kept for this tab: a second restart needs no dialog.
        driver.findElement(By.id("restart-button")).click();
        until("second restart", () -> control.restartReasons.size() == 2);
        untilText("child-pid", "4244");
        until("two history rows", () -> driver.findElements(By.cssSelector("#history-rows tr")).size() == 2);
        assertThat(driver.findElement(By.id("token-dialog")).isDisplayed()).isFalse();
        control.state("running");
        untilText("child-state", "RUNNING");

        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path png = dir.resolve("dashboard.png");
        Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(png)).isGreaterThan(10_000);

        // No CSP violation or script error in the console (the 401 above is the only expected noise).
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("/restart - Failed to load resource: the server responded with a status of 401"))
                .toList();
        assertThat(severe).isEmpty();
    }

    private static StatusSnapshot.Child keeper(ChildState state, long pid, boolean crashLoop, long delayMs) {
        RestartEntry crash = new RestartEntry(T0.plusSeconds(30), RestartReason.CRASH, null, "SIGKILL", 65, delayMs,
                pid - 1, crashLoop, "", List.of(), Program.KEEPER);
        return StatusSnapshot.Child.of(Program.KEEPER, pid, state, T0, 2, pid > 0 ? 65 : 0, null, null, List.of(),
                pid > 0 ? new StatusSnapshot.Health(true, 200, 0, 0, 1, T0, null, null) : StatusSnapshot.Health.NONE,
                null, new StatusSnapshot.Memory(pid > 0 ? 40L * 1024 * 1024 : -1, 0, 0))
                .asKeeperSection(new StatusSnapshot.Backoff(delayMs, 2, crashLoop, null), List.of(crash));
    }

    @Test
    void showsTheKeeperPanelOnlyWhileTheStatusHasAKeeper() {
        driver.get(server.baseUri().toString());
        untilText("child-state", "RUNNING");
        assertThat(driver.findElement(By.id("keeper-panel")).isDisplayed()).isFalse();

        control.keeper(keeper(ChildState.RUNNING, 4100, false, 0));
        untilVisible("keeper-panel");
        untilText("keeper-state", "RUNNING");
        assertThat(text("keeper-pid")).isEqualTo("4100");
        assertThat(text("keeper-uptime")).isEqualTo("1m 5s");
        assertThat(text("keeper-restarts")).isEqualTo("2");
        assertThat(text("keeper-health-ok")).isEqualTo("ok");
        assertThat(text("keeper-health-latency")).isEqualTo("1 ms");
        assertThat(text("keeper-rss")).isEqualTo("40.0 MiB");
        assertThat(driver.findElement(By.id("keeper-crash-loop")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("keeper-fatal")).isDisplayed()).isFalse();
        // the keeper's restarts join the bot's in the one history table, named
        List<WebElement> rows = driver.findElements(By.cssSelector("#history-rows tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains("keeper").contains("crash").contains("signal SIGKILL");

        control.keeper(keeper(ChildState.BACKOFF, 0, true, 1500));
        untilText("keeper-state", "BACKOFF");
        untilVisible("keeper-crash-loop");
        assertThat(text("keeper-pid")).isEqualTo("–");
        assertThat(text("keeper-uptime")).isEqualTo("–");
        assertThat(text("keeper-backoff-delay")).isEqualTo("1.5s");
        assertThat(text("keeper-health-ok")).isEqualTo("–");
        assertThat(text("keeper-rss")).isEqualTo("–");
        assertThat(driver.findElement(By.id("crash-loop")).isDisplayed()).as("the bot's alert is the bot's").isFalse();

        control.keeper(keeper(ChildState.FATAL, 0, false, 0));
        untilVisible("keeper-fatal");
        assertThat(text("keeper-fatal")).isEqualTo("Keeper fatal: the keeper cannot start");

        control.keeper(null);
        until("keeper panel gone", () -> !driver.findElement(By.id("keeper-panel")).isDisplayed());
        assertThat(driver.findElements(By.cssSelector("#history-rows tr"))).isEmpty();
    }

    @Test
    void showsACrashLoopAndSaysWhenTheSupervisorIsGone() {
        control.state("backoff").crashLoop(true).health(false, 2000);
        driver.get(server.baseUri().toString());
        untilText("child-state", "BACKOFF");
        assertThat(driver.findElement(By.id("crash-loop")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("demo-mode")).isDisplayed()).isFalse();
        control.demoMode(true);
        untilVisible("demo-mode");
        assertThat(text("demo-mode")).startsWith("DEMO MODE");
        assertThat(text("health-ok")).isEqualTo("failed");
        server.close();
        untilTextContains("connection", "supervisor unreachable");
    }
}
