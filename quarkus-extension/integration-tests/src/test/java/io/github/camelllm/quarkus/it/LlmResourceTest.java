package io.github.camelllm.quarkus.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The application of this module: YAML routes behind a REST resource using llm:call, llm:chat and llm:embed. */
@QuarkusTest
class LlmResourceTest {

    @Test
    void call() {
        given().body("Once upon a time")
                .contentType("text/plain")
                .when()
                .post("/llm/call")
                .then()
                .statusCode(200)
                .body(
                        equalTo(
                                ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw"));
    }

    @Test
    void chatWithChatml() {
        given().body("Tell me a story")
                .contentType("text/plain")
                .when()
                .post("/llm/chat")
                .then()
                .statusCode(200)
                .body(not(emptyOrNullString()));
    }

    @Test
    void responseCache() {
        String prompt = "Once upon a time, in a cached land";
        String first = given().body(prompt)
                .contentType("text/plain")
                .when()
                .post("/llm/cached")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        org.junit.jupiter.api.Assertions.assertTrue(first.startsWith("false:"), first);
        given().body(prompt)
                .contentType("text/plain")
                .when()
                .post("/llm/cached")
                .then()
                .statusCode(200)
                .body(equalTo("true:" + first.substring("false:".length())));
    }

    @Test
    void embed() {
        given().body("a small cat")
                .contentType("text/plain")
                .when()
                .post("/llm/embed")
                .then()
                .statusCode(200)
                .body(equalTo("64"));
    }

    @Test
    void readiness() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'camel-llm' }.status", is("UP"))
                .body("checks.find { it.name == 'camel-llm' }.data.state", is("READY"))
                .body("checks.name", hasItem("camel-llm"));
    }
}
