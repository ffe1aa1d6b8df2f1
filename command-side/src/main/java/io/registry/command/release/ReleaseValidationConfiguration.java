package io.registry.command.release;

import io.registry.release.CelBindingCompiler;
import io.registry.release.ReleaseMetadataValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ReleaseValidationConfiguration {

    @Bean
    ReleaseMetadataValidator releaseMetadataValidator() {
        return new ReleaseMetadataValidator(new CelBindingCompiler());
    }
}
