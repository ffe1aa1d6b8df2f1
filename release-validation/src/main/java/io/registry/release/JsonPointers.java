package io.registry.release;

/** RFC 6901 pointer building. */
final class JsonPointers {

  private JsonPointers() {}

  static String child(String parent, String name) {
    return parent + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  static String child(String parent, int index) {
    return parent + "/" + index;
  }
}
