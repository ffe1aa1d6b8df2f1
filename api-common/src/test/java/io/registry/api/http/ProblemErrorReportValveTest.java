package io.registry.api.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorReportValveTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/entities/x", "/a/../b", "/a/./b", "/caf%C3%A9", "/a//b", "/a%20b", "/a%2525"})
    void paths_tomcat_decodes_and_normalizes_are_well_formed(String path) {
        assertThat(ProblemErrorReportValve.isWellFormedPath(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "/a%2Fb", "/a%2fb", "/a%5Cb", "/a%00b", "/a%zz", "/a%4", "/a%", "/a%C3%28",
            "/a%FF", "/../x", "/a/../../x", "/a\\b", "/a b", "/caf\u00e9"})
    void paths_tomcat_refuses_are_not(String path) {
        assertThat(ProblemErrorReportValve.isWellFormedPath(path)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "400, Request header is too large, '', 414, uri_too_long",
            "400, Request header is too large, /api/entities, 431, header_too_large",
            "400, 'More than the maximum allowed number of headers, [100], were detected.', /x, 431, header_too_large",
            "400, The HTTP header line [X: a] does not conform to RFC 7230. The request has been rejected., /x, 400, invalid_header",
            "400, Invalid character found in the request target [/a|b]. The valid characters are defined in RFC 7230 and RFC 3986, '', 400, invalid_url",
            "400, Invalid character found in the HTTP protocol [b HTTP/1.1], /a, 400, invalid_url",
    })
    void parse_failures_are_told_apart_by_tomcats_own_messages(int status, String message, String uri,
                                                                int expectedStatus, String code) {
        var problem = ProblemErrorReportValve.classify(status, new IllegalArgumentException(message), uri);

        assertThat(problem.status().value()).isEqualTo(expectedStatus);
        assertThat(problem.code()).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({
            "400, /a%2Fb, invalid_url",
            "400, /api/entities, invalid_header",
            "404, /x, route_not_found",
            "405, /x, method_not_allowed",
            "501, /x, not_implemented",
            "500, /x, internal_error",
    })
    void failures_without_an_exception_go_by_status_and_url(int status, String uri, String code) {
        assertThat(ProblemErrorReportValve.classify(status, null, uri).code()).isEqualTo(code);
    }
}
