package io.neotool.charts.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 range as a NetworkPolicy's ipBlock takes it ({@code 10.0.0.0/8}, {@code fd00::/8}): its address
 * and prefix length. Parsed without a name lookup: only literal addresses are ranges.
 */
public record Cidr(byte[] address, int prefix) {
    /** What a spec key or a check says a range looks like. */
    public static final String EXAMPLE = "an IPv4 or IPv6 CIDR (e.g. 10.0.0.0/16 or fd00::/8)";

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$");
    private static final java.util.regex.Pattern IPV6_CHARACTERS = java.util.regex.Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

    /** The range {@code text} writes, or empty when it is not one (a name, a missing or too long prefix). */
    public static Optional<Cidr> parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        return address(text.substring(0, slash)).flatMap(address -> {
            int prefix = Integer.parseInt(text.substring(slash + 1));
            return prefix <= address.length * 8 ? Optional.of(new Cidr(address, prefix)) : Optional.empty();
        });
    }

    /**
     * The bytes of a literal IPv4 (4) or IPv6 (16) address, or empty when {@code text} is not one: never a name looked
     * up (a host called "cafe" is hex, and a name). An IPv4-mapped IPv6 address reads as its IPv4 address.
     */
    public static Optional<byte[]> address(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text).getAddress());
            }
            if (IPV6_CHARACTERS.matcher(text).matches()) {
                // in brackets, Java reads an IPv6 literal or refuses it: never a name to look up
                return Optional.of(InetAddress.getByName("[" + text + "]").getAddress());
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether this range holds {@code ip} (a literal address; one of the other family never). */
    public boolean contains(String ip) {
        return address(ip).filter(a -> a.length == address.length)
                .map(a -> number(a).shiftRight(bits() - prefix).equals(number(address).shiftRight(bits() - prefix)))
                .orElse(false);
    }

    /** The range's first address. */
    public String first() {
        BigInteger hostBits = BigInteger.ONE.shiftLeft(bits() - prefix).subtract(BigInteger.ONE);
        return text(number(address).andNot(hostBits));
    }

    /** The range's last address. */
    public String last() {
        BigInteger hostBits = BigInteger.ONE.shiftLeft(bits() - prefix).subtract(BigInteger.ONE);
        return text(number(address).or(hostBits));
    }

    private int bits() {
        return address.length * 8;
    }

    private static BigInteger number(byte[] bytes) {
        return new BigInteger(1, bytes);
    }

    private String text(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[address.length];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes are always an address
        }
    }
}
