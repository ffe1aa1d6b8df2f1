package io.registry.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.events.EventCatalog;
import io.registry.events.EventType;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, but contract events are stored under their frozen {@link EventType} name and
 * revision instead of the Java class name, so renaming or moving a class never breaks the store.
 */
public class ContractSerializer extends JacksonSerializer {

    protected ContractSerializer(Builder builder) {
        super(builder);
    }

    public static ContractSerializer create(ObjectMapper mapper) {
        return new ContractSerializer(JacksonSerializer.builder().objectMapper(mapper));
    }

    @Override
    public SerializedType typeForClass(Class type) {
        if (type != null && EventCatalog.isEvent(type)) {
            EventType descriptor = EventCatalog.descriptorOf(type);
            return new SimpleSerializedType(descriptor.name(), descriptor.revision());
        }
        return super.typeForClass(type);
    }

    @Override
    public Class classForType(SerializedType type) {
        return EventCatalog.typeNamed(type.getName())
                .<Class>map(found -> found)
                .orElseGet(() -> super.classForType(type));
    }
}
