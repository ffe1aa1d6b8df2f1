package io.registry.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The frozen, public name and revision of an event type.
 *
 * <p>The name is what the event store records as the payload type and what Kafka consumers see as
 * {@code ce_type}; it never follows a rename of the Java class. The revision changes whenever the
 * JSON shape changes, and each change ships with an upcaster.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** Frozen type name, e.g. {@code registry.version.confirmed}. */
    String name();

    /** Revision of the JSON shape of this type, starting at {@code "1"}. */
    String revision();
}
