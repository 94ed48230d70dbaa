//! The [`Store`] methods whose SQL and decoding are the same on both
//! backends, written once. `impl_store!(Type, Backend::X)` implements the
//! trait for a type with a `pool` field; where the dialects differ, a
//! method here calls an inherent method that each backend defines itself.

macro_rules! impl_store {
    ($store:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl app::ports::Store for $store {
            fn backend(&self) -> app::ports::Backend {
                $backend
            }

            async fn ping(&self) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::queries::PING)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn create_clinic(
                &self,
                new: &app::domain::NewClinic,
                now: time::OffsetDateTime,
            ) -> Result<app::domain::Clinic, app::ports::StoreError> {
                let id = uuid::Uuid::new_v4();
                sqlx::query($crate::store::queries::INSERT_CLINIC)
                    .bind(id)
                    .bind(new.slug.as_str())
                    .bind(new.name.as_str())
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, Some("slug")))?;
                Ok(app::domain::Clinic {
                    id,
                    slug: new.slug.clone(),
                    name: new.name.clone(),
                    created_at: now,
                })
            }

            async fn clinic_by_slug(
                &self,
                slug: &app::domain::ClinicSlug,
            ) -> Result<Option<app::domain::Clinic>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::rows::ClinicRow>($crate::store::queries::CLINIC_BY_SLUG)
                    .bind(slug.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(app::domain::Clinic::try_from)
                    .transpose()
            }

            async fn list_clinics(&self) -> Result<Vec<app::domain::Clinic>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::rows::ClinicRow>($crate::store::queries::LIST_CLINICS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(app::domain::Clinic::try_from)
                    .collect()
            }
        }
    };
}

pub(crate) use impl_store;
