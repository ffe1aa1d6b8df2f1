package io.registry.api.paging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class OpaqueTokenTest {

    @Test
    void a_token_reads_back_as_itself_and_keeps_its_wire_form() {
        OpaqueToken token = new OpaqueToken("c1", 42, "billing-api");
        assertThat(OpaqueToken.decode(token.encode(), "c1")).contains(token);
        // the wire form every cursor and consistency token had before there was one codec
        assertThat(token.encode()).isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString("c1|42|billing-api".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_token_of_another_kind_is_not_read() {
        assertThat(OpaqueToken.decode(new OpaqueToken("h1", 1, "x").encode(), "c1")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%%%", "bm90IGEgdG9rZW4", "YzF8LTF8eA", "YzF8MXw", "YzF8YXx4"})
    void anything_else_is_not_a_token(String text) {
        assertThat(OpaqueToken.decode(text, "c1")).isEmpty();
    }

    @Test
    void an_overlong_text_is_not_read() {
        assertThat(OpaqueToken.decode("a".repeat(OpaqueToken.MAX_LENGTH + 1), "c1")).isEmpty();
    }
}
