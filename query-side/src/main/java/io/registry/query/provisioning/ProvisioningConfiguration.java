package io.registry.query.provisioning;

import io.registry.release.BindingEvaluator;
import io.registry.release.CelBindingCompiler;
import io.registry.release.EvaluationLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ProvisioningConfiguration {

    @Bean(destroyMethod = "close")
    BindingEvaluator bindingEvaluator() {
        return new BindingEvaluator(EvaluationLimits.defaults(), new CelBindingCompiler());
    }
}
