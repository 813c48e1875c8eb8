package io.neotool.charts.model;

/** The PersistentVolumeClaim template of a StatefulSet. */
public record Persistence(
        @Doc(value = "Requested size of each pod's volume, e.g. 20Gi. " + Persistence.FIXED_SIZE, pattern = Quantity.PATTERN)
                String size,
        @Doc(value = Persistence.CLASS, pattern = Names.DNS_1123_SUBDOMAIN) String storageClass) {
    /**
     * What every StatefulSet volume size says: Kubernetes refuses a change of volumeClaimTemplates, so helm upgrade with
     * another size fails; volumes grow by patching each PVC (docs/data.md).
     */
    public static final String FIXED_SIZE = "Fixed once installed: helm upgrade cannot change a StatefulSet's "
            + "volumeClaimTemplates, so a new size fails the upgrade; grow the existing PVCs instead (docs/data.md, "
            + "Growing a volume).";

    /** A volume's storage class: the end of its description. */
    public static final String CLASS = "StorageClass of the volume; empty means global.storageClass, else the one of "
            + "global.cloudProvider. Fixed once installed, as the size is.";

    public static final Persistence DEFAULTS = new Persistence("10Gi", "");
}
