package io.registry.events;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every event type of the contract, by frozen name. */
public final class EventCatalog {

    private static final Map<String, Class<? extends EntityEvent>> BY_NAME = new LinkedHashMap<>();

    static {
        Arrays.stream(EntityEvent.class.getPermittedSubclasses())
                .map(EventCatalog::asEventClass)
                .forEach(type -> {
                    Class<? extends EntityEvent> previous = BY_NAME.put(descriptorOf(type).name(), type);
                    if (previous != null) {
                        throw new IllegalStateException("Two event types share the name " + descriptorOf(type).name());
                    }
                });
    }

    private EventCatalog() {
    }

    /** All event classes, in declaration order of the sealed interface. */
    public static List<Class<? extends EntityEvent>> eventTypes() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<Class<? extends EntityEvent>> typeNamed(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The frozen name and revision of an event class. */
    public static EventType descriptorOf(Class<?> type) {
        EventType descriptor = type.getAnnotation(EventType.class);
        if (descriptor == null) {
            throw new IllegalArgumentException(type.getName() + " is not an event type of the contract");
        }
        return descriptor;
    }

    public static boolean isEvent(Class<?> type) {
        return type.isAnnotationPresent(EventType.class) && EntityEvent.class.isAssignableFrom(type);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends EntityEvent> asEventClass(Class<?> type) {
        return (Class<? extends EntityEvent>) type;
    }
}
