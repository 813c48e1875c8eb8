package io.neotool.charts.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void readsIpv4AndIpv6RangesAndNothingElse() {
        for (String range : List.of("10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32", "::/0", "fd00::/8", "fe80::/10",
                "2600:1f18:abcd::/56")) {
            assertTrue(Cidr.parse(range).isPresent(), range);
        }
        for (String not : List.of("10.0.0.0", "10.0.0/8", "10.0.0.256/8", "10.0.0.0/33", "fd00::/129", "fd00:::1/8",
                "example.com/8", "cafe/8", "/8", "10.0.0.0/", "10.0.0.0/-1", "")) {
            assertFalse(Cidr.parse(not).isPresent(), not);
        }
    }

    @Test
    void holdsTheAddressesOfItsFamilyInItsPrefix() {
        Cidr ula = Cidr.parse("fc00::/7").orElseThrow();
        assertTrue(ula.contains("fd00:ec2::254"));
        assertFalse(ula.contains("2606:4700::6812:c22"));
        assertFalse(ula.contains("10.0.0.1"), "never an address of the other family");
        Cidr any = Cidr.parse("0.0.0.0/0").orElseThrow();
        assertTrue(any.contains("104.18.12.34"));
        assertFalse(any.contains("2606:4700::6812:c22"), "0.0.0.0/0 holds no IPv6 address");
        assertTrue(Cidr.parse("::/0").orElseThrow().contains("2606:4700::6812:c22"));
        assertFalse(Cidr.parse("10.0.0.0/8").orElseThrow().contains("not-an-address"));
    }

    @Test
    void namesItsFirstAndLastAddress() {
        Cidr subnet = Cidr.parse("10.0.1.7/19").orElseThrow();
        assertEquals("10.0.0.0", subnet.first());
        assertEquals("10.0.31.255", subnet.last());
        Cidr v6 = Cidr.parse("2600:1f18:abcd::/56").orElseThrow();
        assertEquals("2600:1f18:abcd:0:0:0:0:0", v6.first());
        assertEquals("2600:1f18:abcd:ff:ffff:ffff:ffff:ffff", v6.last());
        assertEquals("255.255.255.255", Cidr.parse("0.0.0.0/0").orElseThrow().last());
    }
}
