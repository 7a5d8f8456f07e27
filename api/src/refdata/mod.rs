//! Reference data every deployment needs at run time, whatever its province: GB/T 2260
//! divisions and county outlines, the GB/T 4754 industries, the dossier's tag taxonomy, the
//! standard inspection checklists and the ambient quality classes (GB 3838, GB 3095).
//! Extracted from maintained datasets by `tools/refdata/extract.mjs` where they come from one. The demo generator (`crate::demo`)
//! builds on it; nothing here is demo data.

pub mod checklists;
pub mod divisions;
pub mod industries;
pub mod quality;
pub mod tags;

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait};

use crate::platform::entity::{division, tag, tag_category};

/// Inserts the divisions and the tag taxonomy where they are missing (idempotent; run at every
/// start by `api::open_database`). The standard checklists are installed by the field feature,
/// which owns their table (`field::checklists::install_standard`).
pub async fn install(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    divisions_and_tags(db).await
}

/// Inserts the GB/T 2260 divisions and the tag taxonomy if they are missing.
async fn divisions_and_tags(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    if tag_category::Entity::find().count(db).await? == 0 {
        for (i, (code, name, list)) in tags::TAXONOMY.iter().enumerate() {
            tag_category::Entity::insert(tag_category::ActiveModel {
                code: Set(code.to_string()),
                name: Set(name.to_string()),
                sort: Set(i as i32),
            })
            .exec(db)
            .await?;
            for (j, (tag_code, tag_name)) in list.iter().enumerate() {
                tag::Entity::insert(tag::ActiveModel {
                    code: Set(tag_code.to_string()),
                    category_code: Set(code.to_string()),
                    name: Set(tag_name.to_string()),
                    sort: Set(j as i32),
                })
                .exec(db)
                .await?;
            }
        }
    }
    if division::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let rows = divisions::divisions()?;
    for chunk in rows.chunks(500) {
        division::Entity::insert_many(chunk.iter().map(|r| division::ActiveModel {
            code: Set(r.code.clone()),
            name: Set(r.name.clone()),
            level: Set(r.level.clone()),
            parent_code: Set(r.parent.clone()),
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}
