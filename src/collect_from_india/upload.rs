//! `upload_import_payment_verification`: `POST /import/transactions/{cf_payment_id}` with a
//! multipart form (document 057; the form's parts are the reference's, version 2025-01-01).
//! progenitor cannot generate multipart bodies, so this builder is written by hand and hands the
//! request to [`crate::runtime::Runtime::send_json`] like generated code does: same credentials,
//! `x-api-version`, retry rules and errors.

use super::{types, Client};
use crate::error::ValidationError;
use crate::runtime::multipart::{self, Part, PartValue};
use crate::{Error, FlexString};

const OPERATION: &str = "upload_import_payment_verification";

/// The text documents the upload form takes (the invoice file is
/// [`UploadImportPaymentVerification::invoice_file`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UploadField {
    /// `importer_name`: the buyer's name.
    ImporterName,
    /// `importer_address`: the buyer's address.
    ImporterAddress,
    /// `importer_address_postal_code`: the postal code of that address.
    ImporterAddressPostalCode,
    /// `goods_description`: what was sold.
    GoodsDescription,
    /// `country_of_origin`: where the goods come from.
    CountryOfOrigin,
    /// `invoice_number`: the invoice's number.
    InvoiceNumber,
    /// `ecommerce_order_serial_number`: the merchant's order number.
    EcommerceOrderSerialNumber,
    /// `hs_code`: the goods' Harmonized System code.
    HsCode,
    /// `shipment_date`: when the goods shipped, DD/MM/YYYY.
    ShipmentDate,
    /// `port_of_loading`: where the goods were loaded.
    PortOfLoading,
}

impl UploadField {
    /// The form field's name, as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            UploadField::ImporterName => "importer_name",
            UploadField::ImporterAddress => "importer_address",
            UploadField::ImporterAddressPostalCode => "importer_address_postal_code",
            UploadField::GoodsDescription => "goods_description",
            UploadField::CountryOfOrigin => "country_of_origin",
            UploadField::InvoiceNumber => "invoice_number",
            UploadField::EcommerceOrderSerialNumber => "ecommerce_order_serial_number",
            UploadField::HsCode => "hs_code",
            UploadField::ShipmentDate => "shipment_date",
            UploadField::PortOfLoading => "port_of_loading",
        }
    }
}

/// Builder for [`Client::upload_import_payment_verification`]. Set the payment, the documents
/// being supplied (only those), then [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UploadImportPaymentVerification<'a> {
    client: &'a Client,
    cf_payment_id: Option<FlexString>,
    parts: Vec<Part>,
}

macro_rules! text_setters {
    ($($(#[$doc:meta])* $method:ident => $field:ident,)*) => {
        $(
            $(#[$doc])*
            pub fn $method(self, value: impl Into<String>) -> Self {
                self.value(UploadField::$field, value)
            }
        )*
    };
}

impl<'a> UploadImportPaymentVerification<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        UploadImportPaymentVerification {
            client,
            cf_payment_id: None,
            parts: Vec::new(),
        }
    }

    /// Cashfree's id of the successful payment (a number or a string).
    pub fn cf_payment_id(mut self, id: impl Into<FlexString>) -> Self {
        self.cf_payment_id = Some(id.into());
        self
    }

    /// A text document; setting the same field again replaces its value.
    pub fn value(mut self, field: UploadField, value: impl Into<String>) -> Self {
        self.put(Part {
            name: field.as_str(),
            value: PartValue::Text(value.into()),
        });
        self
    }

    text_setters! {
        /// `importer_name`: the buyer's name.
        importer_name => ImporterName,
        /// `importer_address`: the buyer's address.
        importer_address => ImporterAddress,
        /// `importer_address_postal_code`: the postal code of that address.
        importer_address_postal_code => ImporterAddressPostalCode,
        /// `goods_description`: what was sold.
        goods_description => GoodsDescription,
        /// `country_of_origin`: where the goods come from.
        country_of_origin => CountryOfOrigin,
        /// `invoice_number`: the invoice's number.
        invoice_number => InvoiceNumber,
        /// `ecommerce_order_serial_number`: the merchant's order number.
        ecommerce_order_serial_number => EcommerceOrderSerialNumber,
        /// `hs_code`: the goods' Harmonized System code.
        hs_code => HsCode,
        /// `shipment_date`: when the goods shipped, DD/MM/YYYY.
        shipment_date => ShipmentDate,
        /// `port_of_loading`: where the goods were loaded.
        port_of_loading => PortOfLoading,
    }

    /// `invoice_file`: the invoice, sent as `application/pdf` when its name ends in `.pdf`
    /// (the sandbox approves PDF files only) and `application/octet-stream` otherwise.
    pub fn invoice_file(self, file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        let file_name = file_name.into();
        let content_type = if file_name.to_ascii_lowercase().ends_with(".pdf") {
            "application/pdf"
        } else {
            "application/octet-stream"
        };
        self.invoice_file_with_content_type(file_name, content_type, bytes)
    }

    /// `invoice_file` with an explicit content type (`image/png`, ...).
    pub fn invoice_file_with_content_type(
        mut self,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        self.put(Part {
            name: "invoice_file",
            value: PartValue::File {
                file_name: file_name.into(),
                content_type: content_type.into(),
                bytes: bytes.into(),
            },
        });
        self
    }

    fn put(&mut self, part: Part) {
        match self.parts.iter_mut().find(|p| p.name == part.name) {
            Some(existing) => *existing = part,
            None => self.parts.push(part),
        }
    }

    fn check(&self) -> Result<FlexString, Error> {
        let invalid = |field: Option<&str>, message: String| {
            Error::Validation(ValidationError::new(
                OPERATION,
                field.map(str::to_string),
                message,
            ))
        };
        let id = match &self.cf_payment_id {
            Some(id) if !id.as_str().trim().is_empty() => id.clone(),
            _ => {
                return Err(invalid(
                    Some("cf_payment_id"),
                    "is required: the payment the documents are for".into(),
                ))
            }
        };
        if self.parts.is_empty() {
            return Err(invalid(
                None,
                "has no documents: set at least one value or the invoice file".into(),
            ));
        }
        for part in &self.parts {
            match &part.value {
                PartValue::Text(text) if text.trim().is_empty() => {
                    return Err(invalid(
                        Some(part.name),
                        "is empty; leave the document out instead".into(),
                    ));
                }
                PartValue::File {
                    file_name,
                    content_type,
                    bytes,
                } => {
                    if bytes.is_empty() {
                        return Err(invalid(Some(part.name), "is an empty file".into()));
                    }
                    if file_name.trim().is_empty()
                        || file_name.chars().any(|c| c == '"' || c.is_control())
                    {
                        return Err(invalid(
                            Some(part.name),
                            format!("file name {file_name:?} must be non-empty, without quotes or control characters"),
                        ));
                    }
                    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic());
                    let valid_type = content_type
                        .split_once('/')
                        .is_some_and(|(a, b)| token(a) && token(b));
                    if !valid_type {
                        return Err(invalid(
                            Some(part.name),
                            format!("content type {content_type:?} is not a media type"),
                        ));
                    }
                }
                PartValue::Text(_) => {}
            }
        }
        Ok(id)
    }

    /// Sends the form through the paygen runtime. A validation problem (no payment id, no
    /// documents, an empty value or file) is an error before anything is sent.
    pub async fn send(
        self,
    ) -> Result<crate::Response<types::ImportVerificationUploadResult>, Error> {
        let id = self.check()?;
        let client = self.client;
        let url = format!(
            "{}/import/transactions/{}",
            client.baseurl,
            progenitor_client::encode_path(id.as_str())
        );
        let boundary = multipart::boundary_for(&self.parts);
        let body = multipart::encode(&self.parts, &boundary);
        let request = client
            .client
            .post(url)
            .header(http::header::ACCEPT, "application/json")
            .header(
                http::header::CONTENT_TYPE,
                multipart::content_type(&boundary),
            )
            .body(body)
            .build()
            .map_err(|e| {
                Error::Validation(ValidationError::new(
                    OPERATION,
                    None,
                    format!("the request could not be built: {e}"),
                ))
            })?;
        client
            .inner
            .send_json(&client.client, request, OPERATION)
            .await
    }
}
