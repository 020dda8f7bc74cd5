// SPDX-License-Identifier: Apache-2.0
package io.elastos.metadata.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the metadata database. */
@ObjectClassDefinition(
        name = "ElastOS metadata database",
        description = "The embedded Derby database that holds the node's metadata.")
@interface MetadataConfiguration {

    String DEFAULT_DIRECTORY = "db/metadata";
    int DEFAULT_PAGE_CACHE_PAGES = 1000;

    @AttributeDefinition(
            name = "Database directory",
            description = "Folder of the database, relative to the node's data directory.")
    String directory() default DEFAULT_DIRECTORY;

    @AttributeDefinition(
            name = "Page cache (pages)",
            description = "Derby page cache size in pages (4 KiB each); 100 to 100000.")
    int pageCachePages() default DEFAULT_PAGE_CACHE_PAGES;
}
