package io.neotool.charts.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ("250m", "1Gi", "0.5", "1e3", "1Ei"), read exactly as Kubernetes' apimachinery
 * reads them (binary suffixes Ki..Ei, decimal n..E, or a decimal exponent), to compare requests with limits and to
 * refuse values out of range.
 */
public final class Quantity {
    private Quantity() {}

    /** The accepted form, also used in values.schema.json. */
    public static final String PATTERN =
            "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?$";

    /** The largest quantity a node can hold: kubelet and runtimes keep resource amounts in a signed 64-bit integer. */
    public static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private static final Pattern FORM = Pattern.compile(PATTERN);

    /** Decimal exponents beyond this are out of range whatever the mantissa (10^19 > 2^63; 10^-30 is below 1n). */
    private static final int MAX_EXPONENT = 30;

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")),
            Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    /** The quantity's value in base units, or null when {@code text} is not a quantity or is out of range. */
    public static BigDecimal parse(String text) {
        return problem(text) == null ? value(FORM.matcher(text)) : null;
    }

    /** Whether {@code text} is a quantity of whole base units (bytes, for memory and sizes). */
    public static boolean isWhole(String text) {
        BigDecimal value = parse(text);
        return value != null && value.stripTrailingZeros().scale() <= 0;
    }

    /** Why {@code text} is not a usable quantity, or null when it is one. */
    public static String problem(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            return "is not a Kubernetes quantity (e.g. 250m, 1, 512Mi, 1Gi)";
        }
        String suffix = m.group(3) == null ? "" : m.group(3);
        if (!SUFFIXES.containsKey(suffix)
                && new BigInteger(suffix.substring(1)).abs().compareTo(BigInteger.valueOf(MAX_EXPONENT)) > 0) {
            return "is out of range: the exponent " + suffix.substring(1) + " is beyond ±" + MAX_EXPONENT
                    + " (a quantity is at most " + MAX + " in base units)";
        }
        BigDecimal value = value(m);
        if (value.compareTo(MAX) > 0) {
            return "is out of range: " + value.toBigInteger() + " is more than " + MAX + " in base units";
        }
        return null;
    }

    private static BigDecimal value(Matcher m) {
        m.matches();
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        String suffix = m.group(3) == null ? "" : m.group(3);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        return multiplier != null ? number.multiply(multiplier) : number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    }
}
