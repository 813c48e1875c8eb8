package io.neotool.charts.model;

/** The PersistentVolumeClaim template of a StatefulSet. */
public record Persistence(
        @Doc(value = "Requested size of each pod's volume, e.g. 20Gi.", pattern = Quantity.PATTERN) String size,
        @Doc("StorageClass of the volume; empty means global.storageClass (else local-path).") String storageClass) {
    public static final Persistence DEFAULTS = new Persistence("10Gi", "");
}
