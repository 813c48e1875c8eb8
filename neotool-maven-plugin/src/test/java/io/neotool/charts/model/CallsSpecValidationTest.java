package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code services.<name>.calls}: other declared services, each once, never the service itself; none by default. */
class CallsSpecValidationTest {
    @TempDir
    Path dir;

    private static String services(String ordersCalls) {
        return """
                services:
                  orders:
                    image: {repository: orders, tag: "1.0.0"}
                    calls: %s
                  billing:
                    image: {repository: billing, tag: "1.0.0"}
                """.formatted(ordersCalls);
    }

    @Test
    void aDeclaredCallLoadsAndNoServiceCallsByDefault() throws IOException {
        Spec spec = load(dir, services("[billing]"));
        assertEquals(List.of("billing"), spec.base().services().get("orders").calls());
        assertEquals(List.of(), spec.base().services().get("billing").calls());
    }

    @Test
    void anUnknownServiceIsRefusedWithTheNearestNameAndItsLine() {
        SpecProblem p = at(problems(dir, services("[billing, biling]")), "services.orders.calls[1]");
        assertTrue(p.message().contains("'biling' is not a declared service (did you mean 'billing'?)"), p.message());
        assertTrue(p.message().endsWith("a service calls other services: billing"), p.message());
        assertEquals(4, p.line());
        assertTrue(p.toString().contains("neotool.yaml:4:"), p.toString());
    }

    @Test
    void aSelfCallAndATwiceListedCallAreRefused() {
        List<SpecProblem> problems = problems(dir, services("[orders, billing, billing]"));
        assertTrue(at(problems, "services.orders.calls[0]").message().contains("'orders' calls itself"));
        assertTrue(at(problems, "services.orders.calls[2]").message().contains("'billing' is listed twice"));
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void anEnvironmentsCallsAreCheckedToo() {
        List<SpecProblem> problems = problems(dir, services("[]") + """
                environments:
                  prod:
                    services:
                      orders: {calls: [shipping]}
                """);
        assertTrue(problems.stream().anyMatch(p -> p.path().endsWith("services.orders.calls[0]")
                && p.message().contains("'shipping' is not a declared service")), problems.toString());
    }
}
